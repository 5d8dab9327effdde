"""The access matrix, built from the URL map.

Every named URL of the portal (the Django admin aside, which has its own staff check) has an
entry here saying who may use it. A URL without an entry fails the suite, so a new page
cannot ship without someone deciding who may see it. Each entry is checked for anonymous
users and for every role: GET, and POST for everyone who is refused.
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from imdi.models import AuditEvent
from tests.conftest import verified_login
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

PERSONAS = (
    "admin",
    "grant_officer",
    "grant_officer2",
    "grant_approver",
    "advisor",
    "advisor2",
    "envoy",
    "coordinator",
    "hr",
    "reader",
    "nobody",
)
EVERYONE = frozenset(PERSONAS)
GRANTS = frozenset({"grant_officer", "grant_officer2", "grant_approver"})
OFFICERS = frozenset({"grant_officer", "grant_officer2"})
GRANT_STATISTICS = GRANTS | {"reader"}
OWNERS = frozenset({"advisor", "advisor2", "envoy"})
CASEWORK = OWNERS | {"coordinator"}
HR = frozenset({"hr"})
HR_DASHBOARD = frozenset({"hr", "reader"})
REPORTS = frozenset({"hr", "reader", "admin"})
FIRST_ADVISOR = frozenset({"advisor"})
COORDINATOR = frozenset({"coordinator"})


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    # what an allowed user's GET answers: a page, a redirect, or 405 for POST-only URLs
    get: frozenset = frozenset({200})
    # what a refused user gets: 403 for a page of another role, 404 for a record
    refused: frozenset = frozenset({403})
    kwargs: dict = field(default_factory=dict)  # URL argument -> key in the world's ids
    public: bool = False


POST_ONLY = frozenset({405})
PAGE_OR_REDIRECT = frozenset({200, 302})
APP = {"pk": "application"}

ROUTES: dict[str, Rule] = {
    # --- the portal -----------------------------------------------------------------------
    "home": Rule(EVERYONE),
    "healthz": Rule(EVERYONE, public=True),
    "login": Rule(EVERYONE, get=frozenset({302}), public=True),
    "logout": Rule(EVERYONE, get=POST_ONLY),
    "password_change": Rule(EVERYONE),
    "password_change_done": Rule(EVERYONE),
    "password_reset": Rule(EVERYONE, public=True),
    "password_reset_done": Rule(EVERYONE, public=True),
    "password_reset_confirm": Rule(
        EVERYONE, public=True, kwargs={"uidb64": "uid", "token": "token"}
    ),
    "password_reset_complete": Rule(EVERYONE, public=True),
    "otp_verify": Rule(EVERYONE),
    "otp_setup": Rule(EVERYONE, get=frozenset({302})),
    "set_language": Rule(EVERYONE, get=frozenset({302}), public=True),
    # --- grants ---------------------------------------------------------------------------
    "grants:worklist": Rule(GRANTS),
    "grants:application_list": Rule(GRANTS),
    "grants:application_create": Rule(OFFICERS),
    "grants:application_import": Rule(OFFICERS),
    "grants:application_detail": Rule(GRANTS, kwargs=APP),
    "grants:application_edit": Rule(OFFICERS, get=PAGE_OR_REDIRECT, kwargs=APP),
    "grants:application_transition": Rule(GRANTS, get=POST_ONLY, kwargs=APP),
    "grants:comment_add": Rule(GRANTS, get=POST_ONLY, kwargs=APP),
    "grants:attachment_upload": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    "grants:attachment_download": Rule(
        GRANTS, kwargs={"pk": "application", "attachment_pk": "attachment"}
    ),
    "grants:budget_line_add": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    # officers before assessing, approvers before deciding (fvl. § 6)
    "grants:impartiality_declare": Rule(GRANTS, get=POST_ONLY, kwargs=APP),
    "grants:application_assign": Rule(GRANTS, get=POST_ONLY, kwargs=APP),
    "grants:assessment_edit": Rule(OFFICERS, get=PAGE_OR_REDIRECT, kwargs=APP),
    "grants:decision_create": Rule(GRANTS, get=PAGE_OR_REDIRECT, kwargs=APP),
    "grants:decision_letter": Rule(
        GRANTS,
        get=PAGE_OR_REDIRECT | {404},
        kwargs={"pk": "application", "decision_pk": "decision"},
    ),
    "grants:decision_letter_generate": Rule(
        GRANTS, get=POST_ONLY, kwargs={"pk": "application", "decision_pk": "decision"}
    ),
    "grants:appeal_create": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    "grants:payment_create": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    "grants:payment_paid": Rule(
        OFFICERS, get=POST_ONLY, kwargs={"pk": "application", "payment_pk": "payment"}
    ),
    "grants:report_create": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    "grants:repayment_create": Rule(OFFICERS, get=POST_ONLY, kwargs=APP),
    "grants:repayment_repaid": Rule(
        OFFICERS, get=POST_ONLY, kwargs={"pk": "application", "claim_pk": "claim"}
    ),
    "grants:organisation_list": Rule(GRANTS),
    "grants:organisation_create": Rule(OFFICERS),
    "grants:organisation_detail": Rule(GRANTS, kwargs={"pk": "organisation"}),
    "grants:organisation_edit": Rule(OFFICERS, kwargs={"pk": "organisation"}),
    "grants:contact_add": Rule(OFFICERS, get=POST_ONLY, kwargs={"pk": "organisation"}),
    "grants:participant_list": Rule(OFFICERS),
    "grants:participant_create": Rule(OFFICERS),
    "grants:participant_import": Rule(OFFICERS),
    "grants:statistics": Rule(GRANT_STATISTICS),
    # --- casework: a refused case answers 404 ---------------------------------------------
    "casework:my_cases": Rule(OWNERS),
    "casework:case_create": Rule(OWNERS),
    "casework:case_export": Rule(CASEWORK),
    "casework:overview": Rule(COORDINATOR),
    "casework:cases_assign": Rule(COORDINATOR),
    "casework:statistics": Rule(COORDINATOR | {"reader"}),
    "casework:outreach_list": Rule(OWNERS),
    "casework:outreach_create": Rule(OWNERS),
    "casework:outreach_edit": Rule(
        FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "outreach"}
    ),
    "casework:outreach_delete": Rule(
        FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "outreach"}
    ),
    "casework:case_detail": Rule(
        FIRST_ADVISOR | COORDINATOR, refused=frozenset({404}), kwargs={"pk": "case"}
    ),
    "casework:case_edit": Rule(FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "case"}),
    "casework:case_transfer": Rule(COORDINATOR, refused=frozenset({404}), kwargs={"pk": "case"}),
    "casework:service_create": Rule(FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "case"}),
    "casework:journal_create": Rule(FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "case"}),
    "casework:journal_detail": Rule(
        FIRST_ADVISOR, refused=frozenset({404}), kwargs={"pk": "case", "entry_pk": "entry"}
    ),
    # --- HR -------------------------------------------------------------------------------
    "hr:dashboard": Rule(HR_DASHBOARD),
    "hr:records": Rule(HR),
    "hr:record_edit": Rule(HR, kwargs={"pk": "record"}),
    "hr:import": Rule(HR),
    # an unknown upload token is not found, for the HR officer too
    "hr:import_confirm": Rule(HR, get=frozenset({404}), kwargs={"token": "token"}),
    "hr:immigrant_background": Rule(HR),
    "hr:immigrant_background_edit": Rule(HR, kwargs={"year": "year"}),
    "hr:immigrant_background_delete": Rule(HR, get=POST_ONLY, kwargs={"year": "year"}),
    "hr:equality_work": Rule(HR),
    "hr:measure_create": Rule(HR, get=POST_ONLY, kwargs={"year": "year"}),
    "hr:measure_edit": Rule(HR, kwargs={"pk": "measure"}),
    # --- reports --------------------------------------------------------------------------
    "reports:list": Rule(REPORTS),
    "reports:create": Rule(REPORTS, get=POST_ONLY),
    "reports:status": Rule(REPORTS),
    "reports:retry": Rule(REPORTS, get=POST_ONLY, kwargs={"pk": "export"}),
    "reports:download": Rule(REPORTS, kwargs={"pk": "export", "fmt": "fmt"}),
    "reports:preview": Rule(REPORTS, kwargs={"year": "report_year"}),
    "reports:preview_pick": Rule(REPORTS, get=frozenset({302})),
}


def url_names() -> set[str]:
    names = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver())
    return names


def test_every_url_has_an_entry_in_the_matrix():
    names = url_names()
    missing = sorted(names - set(ROUTES))
    stale = sorted(set(ROUTES) - names)
    assert not missing, f"URLs without an access rule: {missing}"
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


@pytest.fixture
def world(personas):
    return build_world(personas)


def _url(name: str, rule: Rule, ids: dict) -> str:
    return reverse(name, kwargs={arg: ids.get(key, key) for arg, key in rule.kwargs.items()})


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access_for_anonymous_users_and_every_role(name, personas, world):
    rule = ROUTES[name]
    url = _url(name, rule, world.ids)

    anonymous = Client().get(url)
    if rule.public:
        assert anonymous.status_code < 400, (name, anonymous.status_code)
    else:
        assert anonymous.status_code == 302, (name, anonymous.status_code)
        assert anonymous["Location"].startswith(reverse("login")), name

    for persona in PERSONAS:
        client = verified_login(Client(), personas[persona])
        got = client.get(url)
        if persona in rule.allowed:
            assert got.status_code in rule.get, (name, persona, "GET", got.status_code)
        else:
            # A POST-only URL may refuse a GET by method before it looks at the role.
            refused = rule.refused | ({405} if rule.get == POST_ONLY else set())
            assert got.status_code in refused, (name, persona, "GET", got.status_code)
            # A GET-only page may refuse a POST by method: nothing changes either way.
            posted = client.post(url, {})
            assert posted.status_code in rule.refused | {405}, (
                name,
                persona,
                "POST",
                posted.status_code,
            )


# Pages that take two ids, fetched with the second id from another parent, and case pages
# fetched with a case of another advisor: not found, and recorded.
FOREIGN = [
    ("casework:case_detail", "advisor", "GET", {"pk": ("foreign", "case")}),
    ("casework:case_edit", "advisor", "POST", {"pk": ("foreign", "case")}),
    ("casework:journal_create", "advisor", "POST", {"pk": ("foreign", "case")}),
    ("casework:service_create", "advisor", "POST", {"pk": ("foreign", "case")}),
    ("casework:outreach_edit", "advisor", "GET", {"pk": ("foreign", "outreach")}),
    ("casework:outreach_edit", "advisor", "POST", {"pk": ("foreign", "outreach")}),
    ("casework:outreach_delete", "advisor", "GET", {"pk": ("foreign", "outreach")}),
    ("casework:outreach_delete", "advisor", "POST", {"pk": ("foreign", "outreach")}),
    (
        "casework:journal_detail",
        "advisor",
        "GET",
        {"pk": ("ids", "case"), "entry_pk": ("foreign", "entry")},
    ),
    (
        "casework:journal_detail",
        "coordinator",
        "GET",
        {"pk": ("ids", "case"), "entry_pk": ("ids", "entry")},
    ),
    (
        "grants:attachment_download",
        "grant_officer",
        "GET",
        {"pk": ("ids", "application"), "attachment_pk": ("foreign", "attachment")},
    ),
    (
        "grants:decision_letter",
        "grant_approver",
        "GET",
        {"pk": ("ids", "application"), "decision_pk": ("foreign", "decision")},
    ),
    (
        "grants:decision_letter_generate",
        "grant_approver",
        "POST",
        {"pk": ("ids", "application"), "decision_pk": ("foreign", "decision")},
    ),
    (
        "grants:payment_paid",
        "grant_officer",
        "POST",
        {"pk": ("ids", "application"), "payment_pk": ("foreign", "payment")},
    ),
    (
        "reports:download",
        "hr",
        "GET",
        {"pk": ("ids", "export"), "fmt": ("foreign", "fmt")},
    ),
]


@pytest.mark.parametrize(
    "name,persona,method,kwargs", FOREIGN, ids=[f"{f[0]}-{f[1]}" for f in FOREIGN]
)
def test_ids_of_another_owner_or_parent_are_not_found_and_recorded(
    name, persona, method, kwargs, personas, world
):
    url = reverse(
        name, kwargs={arg: getattr(world, src)[key] for arg, (src, key) in kwargs.items()}
    )
    client = verified_login(Client(), personas[persona])
    before = AuditEvent.objects.filter(action="access_refused").count()
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code == 404, (name, response.status_code)
    refused = AuditEvent.objects.filter(action="access_refused")
    assert refused.count() == before + 1
    assert refused.first().username == personas[persona].username


def test_every_state_changing_url_requires_the_csrf_token(personas, world):
    """POST without the token is refused for every URL, for the role that may use it."""
    for name, rule in sorted(ROUTES.items()):
        if name in ("healthz",):
            continue
        url = _url(name, rule, world.ids)
        persona = sorted(rule.allowed)[0]
        client = Client(enforce_csrf_checks=True)
        if not rule.public:
            verified_login(client, personas[persona])
        response = client.post(url, {})
        assert response.status_code in (403, 405), (name, response.status_code)
