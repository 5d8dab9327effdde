"""The case lists keep their cost when the register grows, and still let the user reach
every case: the owner's own list, the coordinator's overview and its caseload per advisor."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import Advisor, Case, CaseTheme, JournalEntry, Kind, WorkplaceKind
from tests.casework.conftest import municipality
from tests.conftest import make_persona

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def bulk_cases(owner, n, *, status="open", follow_up_on=None, theme="social_control", **extra):
    """``n`` cases of ``owner`` written in bulk, each with one theme."""
    made = Case.objects.bulk_create(
        Case(
            reference=f"T-{next(_numbers):06d}",
            kind=owner.kind,
            owner=owner,
            registered_by=owner.user,
            county=owner.county,
            status=status,
            opened_on=extra.get("opened_on", datetime.date(2024, 1, 1 + i % 28)),
            closed_on=datetime.date(2024, 12, 31) if status == "closed" else None,
            follow_up_on=follow_up_on,
            gender="female",
            age_group="16-17",
            country_of_origin="IQ",
            exposure="at_risk",
            contact_channel="phone",
            country_of_stay="JO" if owner.kind == Kind.ENVOY else "",
        )
        for i in range(n)
    )
    CaseTheme.objects.bulk_create(CaseTheme(case=c, theme=theme) for c in made)
    return made


def more_advisors(n, *, prefix="skole"):
    from imdi.roles import Role

    oslo = municipality("0301", "Oslo", "Oslo")
    return [
        Advisor.objects.create(
            user=make_persona(
                Role.DIVERSITY_ADVISOR, f"{prefix}{i}", first_name="Ansatt", last_name=f"Nr {i}"
            ),
            kind=Kind.ADVISOR,
            workplace=f"{prefix.capitalize()} {i:03d} videregående",
            workplace_kind=WorkplaceKind.UPPER_SECONDARY,
            municipality=oslo,
        )
        for i in range(n)
    ]


def queries_for(client, url, params=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def rows_of(response):
    return list(response.context["table"].page.object_list.data)


# --- The owner's list ------------------------------------------------------------------------


def test_my_cases_query_count_does_not_grow_with_the_register(client_for, placements):
    owner = placements["advisor"]
    client = client_for("advisor")
    url = reverse("casework:my_cases")
    bulk_cases(owner, 3)
    small, _ = queries_for(client, url)
    # Ten times the owner's cases, and cases of many others.
    bulk_cases(owner, 40, follow_up_on=datetime.date(2020, 1, 1))
    for other in more_advisors(5):
        bulk_cases(other, 20)
    large, response = queries_for(client, url)
    assert small == large
    # The stack's own queries (session, user, device, groups, session save) included.
    assert large <= 15
    assert len(rows_of(response)) == 25


def test_my_cases_counts_equal_a_count_over_the_rows(client_for, placements):
    owner = placements["advisor"]
    today = timezone.localdate()
    bulk_cases(owner, 4, follow_up_on=today - datetime.timedelta(days=1))  # due
    bulk_cases(owner, 3, follow_up_on=today)  # due today
    bulk_cases(owner, 5, follow_up_on=today + datetime.timedelta(days=3))  # not yet
    bulk_cases(owner, 2)  # no follow-up date
    bulk_cases(owner, 6, status="closed", follow_up_on=today - datetime.timedelta(days=9))
    bulk_cases(placements["advisor2"], 7, follow_up_on=today - datetime.timedelta(days=1))
    response = client_for("advisor").get(reverse("casework:my_cases"))
    mine = list(Case.objects.filter(owner=owner))
    open_ = [c for c in mine if c.status == "open"]
    due = [c for c in open_ if c.follow_up_on is not None and c.follow_up_on <= today]
    assert response.context["open_count"] == len(open_) == 14
    assert response.context["due_count"] == len(due) == 7
    body = response.content.decode()
    assert "14 åpne saker." in body
    assert '<a href="?due=on">7 saker trenger oppfølging.</a>' in body


def test_my_cases_journal_figures_equal_the_journal(client_for, placements):
    owner = placements["advisor"]
    cases = bulk_cases(owner, 4)
    dates = {
        cases[0].pk: [datetime.date(2024, 2, 1), datetime.date(2024, 5, 3)],
        cases[1].pk: [datetime.date(2024, 3, 9)],
        cases[2].pk: [datetime.date(2024, 1, 2)] * 3,
    }
    JournalEntry.objects.bulk_create(
        JournalEntry(case_id=pk, date=d, text="x", author=owner.user)
        for pk, ds in dates.items()
        for d in ds
    )
    response = client_for("advisor").get(reverse("casework:my_cases"))
    shown = {row.pk: (row.entries, row.last_entry_on) for row in rows_of(response)}
    expected = {c.pk: (len(dates.get(c.pk, [])), max(dates.get(c.pk, [None]))) for c in cases}
    expected[cases[3].pk] = (0, None)
    assert shown == expected
    # Ordering by the journal columns still works.
    ordered = client_for("advisor").get(reverse("casework:my_cases"), {"sort": "-entries"})
    assert [row.pk for row in rows_of(ordered)][0] == cases[2].pk


# --- The coordinator's overview ----------------------------------------------------------------


def test_overview_query_count_does_not_grow_with_the_register(client_for, placements):
    client = client_for("coordinator")
    url = reverse("casework:overview")
    bulk_cases(placements["advisor"], 3)
    small = queries_for(client, url)[0]
    small_filtered = queries_for(client, url, {"status": "open", "owner": "radgiver1"})[0]
    for other in more_advisors(30):
        bulk_cases(other, 3)
    bulk_cases(placements["advisor"], 40)
    large, response = queries_for(client, url)
    large_filtered = queries_for(client, url, {"status": "open", "owner": "radgiver1"})[0]
    assert (small, small_filtered) == (large, large_filtered)
    assert large <= 15
    assert len(rows_of(response)) == 25
    assert len(list(response.context["caseload"].page.object_list)) == 25


def test_overview_counts_at_most_the_cap_and_says_so(client_for, placements, settings):
    bulk_cases(placements["advisor"], 1001)
    response = client_for("coordinator").get(reverse("casework:overview"))
    assert response.context["table"].paginator.capped
    assert "Mer enn 1\xa0000 treff. Avgrens søket for å se alle." in response.content.decode()
    narrowed = client_for("coordinator").get(reverse("casework:overview"), {"owner": "radgiver2"})
    assert not narrowed.context["table"].paginator.capped


def test_owner_filter_is_a_search_field_not_a_list_of_every_advisor(client_for, placements):
    more_advisors(40)
    body = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    assert 'name="owner"' in body
    assert re.search(r'<input[^>]+name="owner"', body)
    assert not re.search(r'<select[^>]+name="owner"', body)
    assert "Skole 039 videregående" not in re.search(r"<form.*?</form>", body, re.S).group(0)


@pytest.mark.parametrize(
    "text", ["radgiver2", "RADGIVER2", "Bergen katedral", "{first}", "{last}", "{full}"]
)
def test_owner_filter_finds_an_owner_by_username_name_or_placement(text, client_for, placements):
    user = placements["advisor2"].user
    user.first_name, user.last_name = "Kari", "Rådgiversen"
    user.save()
    text = text.format(first="kari", last="rådgiversen", full="Kari Rådgiversen")
    theirs = bulk_cases(placements["advisor2"], 3)
    bulk_cases(placements["advisor"], 5)
    more_advisors(3)
    response = client_for("coordinator").get(reverse("casework:overview"), {"owner": text})
    assert sorted(row.pk for row in rows_of(response)) == sorted(c.pk for c in theirs)
    assert "3 treff" in response.content.decode()
    caseload = list(response.context["caseload"].page.object_list)
    assert [row.record.pk for row in caseload] == [placements["advisor2"].pk]


def test_caseload_is_paged_and_its_counts_equal_the_cases(client_for, placements):
    advisors = more_advisors(30)
    expected = {}
    for i, advisor in enumerate(advisors):
        bulk_cases(advisor, i % 4)
        bulk_cases(advisor, i % 3, status="closed")
        expected[advisor.pk] = (i % 4, i % 4 + i % 3)
    for key in ("advisor", "advisor2", "envoy"):
        expected[placements[key].pk] = (0, 0)
    client = client_for("coordinator")
    seen = {}
    page, pages = 1, 1
    while page <= pages:
        response = client.get(reverse("casework:overview"), {"caseload-page": page})
        caseload = response.context["caseload"]
        pages = caseload.paginator.num_pages
        assert len(list(caseload.page.object_list)) <= 25
        for row in caseload.page.object_list:
            seen[row.record.pk] = (row.record.open_cases, row.record.all_cases)
        page += 1
    assert pages == 2
    assert seen == expected
    # A case of an inactive owner counts for nobody's active caseload.
    counted = {
        a.pk: (
            Case.objects.filter(owner=a, status="open").count(),
            Case.objects.filter(owner=a).count(),
        )
        for a in Advisor.objects.filter(active=True)
    }
    assert counted == expected


def test_caseload_links_each_owner_to_their_cases(client_for, placements):
    bulk_cases(placements["advisor2"], 2)
    body = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    assert f'href="{reverse("casework:overview")}?owner=radgiver2"' in body


def test_export_still_filters_by_owner_text(client_for, placements):
    theirs = bulk_cases(placements["advisor2"], 2)
    bulk_cases(placements["advisor"], 2)
    response = client_for("coordinator").get(
        reverse("casework:case_export"), {"owner": "radgiver2"}
    )
    body = response.getvalue().decode("utf-8-sig")
    assert sorted(line.split(";")[0] for line in body.splitlines()[1:]) == sorted(
        c.reference for c in theirs
    )


def test_services_still_create_cases_for_the_list(client_for, placements):
    case = services.case_create(
        owner=placements["advisor2"],
        by=placements["advisor2"].user,
        themes=["fgm"],
        opened_on=datetime.date(2024, 1, 1),
        gender="female",
        age_group="16-17",
        country_of_origin="SO",
        exposure="at_risk",
        contact_channel="phone",
    )
    response = client_for("coordinator").get(
        reverse("casework:overview"), {"owner": "radgiver2", "theme": "fgm"}
    )
    assert [row.pk for row in rows_of(response)] == [case.pk]


@pytest.mark.postgres
def test_reference_search_is_served_by_a_trigram_index_on_postgresql(client_for, placements):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'casework_case_reference_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition
    cases = bulk_cases(placements["advisor"], 30)
    wanted = cases[7].reference
    response = client_for("coordinator").get(reverse("casework:overview"), {"q": wanted[-4:]})
    assert [row.pk for row in rows_of(response)] == [cases[7].pk]


def test_date_columns_write_the_short_norwegian_date_or_the_default(client_for, placements):
    case = bulk_cases(placements["advisor"], 1, opened_on=datetime.date(2024, 3, 9))[0]
    closed = bulk_cases(placements["advisor"], 1, status="closed")[0]
    body = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    row = re.search(rf'<tr[^>]*><td ><a href="/saker/{case.pk}/">.*?</tr>', body).group(0)
    assert "<td >09.03.2024</td><td >—</td>" in row  # opened, not closed
    row = re.search(rf'<tr[^>]*><td ><a href="/saker/{closed.pk}/">.*?</tr>', body).group(0)
    assert "<td >31.12.2024</td>" in row
    mine = client_for("advisor").get(reverse("casework:my_cases")).content.decode()
    row = re.search(rf'<tr[^>]*><td ><a href="/saker/{case.pk}/">.*?</tr>', mine).group(0)
    # Opened, no follow-up date ("–" from render_follow_up_on), no journal entry (the default).
    assert "<td >09.03.2024</td>" in row and "<td >–</td>" in row and "<td >—</td>" in row
