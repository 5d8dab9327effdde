"""The access matrix: every role against own and other cases, for every page. Nothing leaks."""

import pytest
from django.contrib import admin
from django.urls import reverse

from casework.forms import owner_key
from casework.models import Case, CaseService, CaseTransfer, JournalEntry, Outreach
from imdi.models import AuditEvent
from tests.conftest import verified_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = ["admin", "grant_officer", "grant_approver", "hr", "reader", "nobody"]
ALL = OUTSIDERS + ["advisor", "advisor2", "envoy", "coordinator"]
SECRETS = ["Fortrolig journaltekst", "Aisha Testesen", "Hemmelig sammendrag"]


def _owner_pages(case, entry):
    return {
        "detail": reverse("casework:case_detail", args=[case.pk]),
        "edit": reverse("casework:case_edit", args=[case.pk]),
        "journal_new": reverse("casework:journal_create", args=[case.pk]),
        "journal_entry": reverse("casework:journal_detail", args=[case.pk, entry.pk]),
        "service_new": reverse("casework:service_create", args=[case.pk]),
    }


@pytest.mark.parametrize("who", ALL)
def test_case_pages_of_the_first_advisor(who, client_for, cases):
    case = cases["advisor"]
    entry = case.journal.get()
    client = client_for(who)
    for page, url in _owner_pages(case, entry).items():
        response = client.get(url)
        allowed = who == "advisor" or (who == "coordinator" and page == "detail")
        expected = 200 if allowed else 404
        assert response.status_code == expected, (who, page)
        if who != "advisor" and response.status_code == 200:
            body = response.content.decode()
            for secret in SECRETS:
                assert secret not in body, (who, page, secret)
    transfer = client.get(reverse("casework:case_transfer", args=[case.pk]))
    assert transfer.status_code == (200 if who == "coordinator" else 404)
    for secret in SECRETS:
        assert secret not in transfer.content.decode()


def test_owner_sees_journal_name_and_summary(client_for, cases):
    body = (
        client_for("advisor")
        .get(reverse("casework:case_detail", args=[cases["advisor"].pk]))
        .content.decode()
    )
    for secret in SECRETS:
        assert secret in body


@pytest.mark.parametrize("who", ["advisor", "advisor2", "envoy"])
def test_nested_journal_entry_of_another_case_is_not_found(who, client_for, cases):
    """/saker/A/journal/B with B from another case: 404, also for the owner of A."""
    own = cases[who]
    for other_key, other in cases.items():
        if other_key == who:
            continue
        foreign_entry = other.journal.get()
        url = reverse("casework:journal_detail", args=[own.pk, foreign_entry.pk])
        assert client_for(who).get(url).status_code == 404
        # And the other way round: another's case with one's own entry.
        url = reverse("casework:journal_detail", args=[other.pk, own.journal.get().pk])
        assert client_for(who).get(url).status_code == 404


def test_unknown_case_is_not_found_and_audited(client_for, cases):
    client_for("advisor").get(reverse("casework:case_detail", args=[999999]))
    event = AuditEvent.objects.filter(action="access_refused", object_id="999999").get()
    assert event.username == "radgiver1" and event.object_type == "casework.case"


@pytest.mark.parametrize("who", [w for w in ALL if w != "advisor"])
def test_writes_to_another_advisors_case_change_nothing(who, client_for, cases):
    case = cases["advisor"]
    client = client_for(who)
    before = (JournalEntry.objects.count(), CaseService.objects.count())
    r1 = client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": "2024-03-05", "entry_kind": "advice", "text": "Innbrudd"},
    )
    r2 = client.post(
        reverse("casework:service_create", args=[case.pk]),
        {"service": "police", "started_on": "2024-03-05"},
    )
    r3 = client.post(
        reverse("casework:case_edit", args=[case.pk]),
        {"opened_on": "2024-03-01", "gender": "male", "themes": ["fgm"], "age_group": "16-17",
         "country_of_origin": "SO", "exposure": "exposed", "contact_channel": "phone",
         "status": "open"},
    )  # fmt: skip
    r4 = client.post(
        reverse("casework:case_transfer", args=[case.pk]),
        {"to_owner": owner_key(case.owner), "reason": "Forsøk"},
    )
    assert {r1.status_code, r2.status_code, r3.status_code} == {404}
    # Only the coordinator may transfer (and a transfer to the current owner is refused).
    assert r4.status_code == (400 if who == "coordinator" else 404)
    assert not CaseTransfer.objects.exists()
    assert (JournalEntry.objects.count(), CaseService.objects.count()) == before
    case.refresh_from_db()
    assert case.gender == "female"


@pytest.mark.parametrize("who", ALL)
def test_lists_and_exports_show_only_what_the_role_may_see(who, client_for, cases):
    client = client_for(who)
    refs = {key: c.reference for key, c in cases.items()}
    my = client.get(reverse("casework:my_cases"))
    overview = client.get(reverse("casework:overview"))
    export = client.get(reverse("casework:case_export"))
    exported = export.getvalue().decode("utf-8-sig")  # read the stream once
    if who in ("advisor", "advisor2", "envoy"):
        assert my.status_code == 200 and export.status_code == 200
        assert overview.status_code == 403
        for key, ref in refs.items():
            assert (ref in my.content.decode()) == (key == who)
            assert (ref in exported) == (key == who)
    elif who == "coordinator":
        assert my.status_code == 403
        assert overview.status_code == 200 and export.status_code == 200
        for ref in refs.values():
            assert ref in overview.content.decode()
            assert ref in exported
        for body in (overview.content.decode(), exported):
            for secret in SECRETS:
                assert secret not in body
    else:
        assert {my.status_code, overview.status_code, export.status_code} == {403}


@pytest.mark.parametrize("who", ["advisor", "advisor2", "envoy", "coordinator"])
def test_search_for_another_advisors_reference_finds_nothing(who, client_for, cases):
    target = cases["advisor"].reference
    link = f'href="{reverse("casework:case_detail", args=[cases["advisor"].pk])}"'
    if who == "coordinator":
        response = client_for(who).get(reverse("casework:overview"), {"q": target})
    else:
        response = client_for(who).get(reverse("casework:my_cases"), {"q": target})
    # The search box repeats the term; the result is the link to the case.
    assert (link in response.content.decode()) == (who in ("advisor", "coordinator"))
    export = client_for(who).get(reverse("casework:case_export"), {"q": target})
    assert (target in export.getvalue().decode("utf-8-sig")) == (who in ("advisor", "coordinator"))


def test_superuser_without_role_sees_no_case(cases, client):
    root = UserFactory(username="rot", is_superuser=True, is_staff=True)
    verified_login(client, root)
    url = reverse("casework:case_detail", args=[cases["advisor"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("casework:overview")).status_code == 403


def test_case_person_and_journal_models_are_not_in_the_admin(client_for, cases):
    for model in (Case, JournalEntry, CaseService, CaseTransfer, Outreach):
        assert not admin.site.is_registered(model)
    response = client_for("admin").get("/admin/casework/case/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,expected", [(w, 200 if w in ("coordinator", "reader") else 403) for w in ALL]
)
def test_statistics_for_coordinator_and_report_reader_only(who, expected, client_for, cases):
    assert client_for(who).get(reverse("casework:statistics")).status_code == expected


def test_outreach_is_listed_for_its_own_advisor_only(client_for, placements):
    Outreach.objects.create(advisor=placements["advisor2"], date="2024-02-01",
                            outreach_kind="talk", audience="staff", topic="Foredrag i Bergen",
                            reached=40)  # fmt: skip
    assert (
        "Foredrag i Bergen"
        in client_for("advisor2").get(reverse("casework:outreach_list")).content.decode()
    )
    assert (
        "Foredrag i Bergen"
        not in client_for("advisor").get(reverse("casework:outreach_list")).content.decode()
    )
    assert client_for("coordinator").get(reverse("casework:outreach_list")).status_code == 403


def test_case_pages_require_two_factor_and_are_not_stored(client, personas, cases, settings):
    settings.IMDI_DEMO_WITHOUT_2FA = False
    client.force_login(personas["advisor"])  # password only, no second factor
    response = client.get(reverse("casework:case_detail", args=[cases["advisor"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))
    verified = verified_login(client, personas["advisor"])
    response = verified.get(reverse("casework:case_detail", args=[cases["advisor"].pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in verified.get(reverse("casework:my_cases"))["Cache-Control"]


def test_former_owner_loses_access_after_transfer(client_for, cases, placements):
    case = cases["advisor"]
    response = client_for("coordinator").post(
        reverse("casework:case_transfer", args=[case.pk]),
        {"to_owner": owner_key(placements["advisor2"]), "reason": "Eleven har byttet skole"},
    )
    assert response.status_code == 302
    detail = reverse("casework:case_detail", args=[case.pk])
    assert client_for("advisor").get(detail).status_code == 404
    new_owner = client_for("advisor2").get(detail)
    assert new_owner.status_code == 200
    assert "Fortrolig journaltekst advisor" in new_owner.content.decode()
    transfer = CaseTransfer.objects.get(case=case)
    assert (
        transfer.from_owner == placements["advisor"]
        and transfer.reason == "Eleven har byttet skole"
    )
    event = AuditEvent.objects.get(action="transfer", object_id=str(case.pk))
    assert event.username == "koordinator"


def test_transfer_without_reason_or_to_an_envoy_is_refused(client_for, cases, placements):
    case = cases["advisor"]
    url = reverse("casework:case_transfer", args=[case.pk])
    no_reason = client_for("coordinator").post(
        url, {"to_owner": owner_key(placements["advisor2"]), "reason": "  "}
    )
    assert no_reason.status_code == 400
    assert "Oppgi en begrunnelse" in no_reason.content.decode()
    to_envoy = client_for("coordinator").post(
        url, {"to_owner": owner_key(placements["envoy"]), "reason": "x"}
    )
    assert to_envoy.status_code == 400
    case.refresh_from_db()
    assert case.owner == placements["advisor"]
    assert not CaseTransfer.objects.exists()
