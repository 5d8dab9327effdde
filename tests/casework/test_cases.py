"""Registering and changing cases, journals and services through the pages; bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import Case, CaseService, JournalEntry, Outreach

pytestmark = pytest.mark.django_db

VALID = {
    "opened_on": "2024-03-01",
    "gender": "female",
    "birth_year": "2008",
    "age_group": "",
    "country_of_origin": "SO",
    "exposure": "exposed",
    "contact_channel": "instagram",
    "themes": ["social_control", "forced_marriage"],
    "summary": "",
    "name": "",
}


def test_advisor_registers_a_case_with_derived_age_group(client_for, placements):
    response = client_for("advisor").post(reverse("casework:case_create"), VALID)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert case.owner == placements["advisor"] and case.kind == "advisor"
    assert case.age_group == "16-17"  # 2024 - 2008 = 16
    assert case.county.name == "Oslo"
    assert sorted(case.theme_values) == ["forced_marriage", "social_control"]
    assert case.reference.startswith("R-") and len(case.reference) == 8
    assert case.name_encrypted == ""


def test_envoy_case_records_country_of_stay_and_return(client_for, placements):
    data = {**VALID, "country_of_stay": "JO", "returned_to_norway": "", "returned_on": "2024-04-02"}
    client_for("envoy").post(reverse("casework:case_create"), data)
    case = Case.objects.get()
    assert case.kind == "envoy" and case.reference.startswith("U-")
    assert case.country_of_stay == "JO"
    assert case.returned_to_norway and case.returned_on == datetime.date(2024, 4, 2)
    assert case.county is None


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"themes": []}, "themes", "Velg minst ett tema."),
        ({"birth_year": "1800"}, "birth_year", "Oppgi et fødselsår mellom"),
        ({"birth_year": "", "age_group": ""}, "age_group", "Oppgi fødselsår eller aldersgruppe."),
        ({"opened_on": "2999-01-01"}, "opened_on", "Saken kan ikke være åpnet fram i tid."),
        ({"country_of_origin": "QQ"}, "country_of_origin", "Velg et gyldig valg."),
    ],
)
def test_bad_case_input_is_explained_and_saves_nothing(
    client_for, placements, change, field, message
):
    response = client_for("advisor").post(reverse("casework:case_create"), {**VALID, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_owner_adds_journal_entry_and_service(client_for, cases):
    case = cases["advisor"]
    client = client_for("advisor")
    client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": "2024-03-04", "entry_kind": "action", "text": "Ringte barnevernet"},
    )
    client.post(
        reverse("casework:service_create", args=[case.pk]),
        {"service": "child_welfare", "started_on": "2024-03-04", "ended_on": ""},
    )
    assert case.journal.filter(text="Ringte barnevernet", author__username="radgiver1").exists()
    assert CaseService.objects.get(case=case).service == "child_welfare"
    body = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "Ringte barnevernet" in body and "barnevern" in body


def test_bad_journal_and_service_input_saves_nothing(client_for, cases):
    case = cases["advisor"]
    client = client_for("advisor")
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    r1 = client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": future, "entry_kind": "advice", "text": "x"},
    )
    r2 = client.post(
        reverse("casework:service_create", args=[case.pk]),
        {"service": "police", "started_on": "2024-05-01", "ended_on": "2024-04-01"},
    )
    assert r1.status_code == r2.status_code == 400
    assert "Et journalnotat kan ikke dateres fram i tid." in r1.content.decode()
    assert "Sluttdatoen kan ikke være før startdatoen." in r2.content.decode()
    assert JournalEntry.objects.filter(case=case).count() == 1
    assert not CaseService.objects.exists()


def test_closing_a_case_sets_the_closing_date_and_keeps_the_name_encrypted(client_for, cases):
    case = cases["advisor"]
    data = {
        **VALID,
        "status": "closed",
        "closed_on": "",
        "name": "Aisha Testesen",
        "themes": ["fgm"],
    }
    response = client_for("advisor").post(reverse("casework:case_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_on == timezone.localdate()
    assert case.theme_values == ["fgm"]
    assert "Aisha" not in case.name_encrypted and case.name == "Aisha Testesen"


def test_my_cases_shows_what_needs_follow_up(client_for, cases):
    case = cases["advisor"]
    case.follow_up_on = timezone.localdate() - datetime.timedelta(days=1)
    case.save()
    response = client_for("advisor").get(reverse("casework:my_cases"))
    body = response.content.decode()
    assert response.context["due_count"] == 1
    assert "1 sak trenger oppfølging." in body
    assert "Oppfølging forfalt" in body


def test_my_cases_filters_by_status(client_for, cases, placements):
    from tests.casework.conftest import make_case

    closed = make_case(placements["advisor"])
    closed.status, closed.closed_on = "closed", datetime.date(2024, 4, 1)
    closed.save()
    response = client_for("advisor").get(reverse("casework:my_cases"), {"status": "closed"})
    rows = list(response.context["table"].data)
    assert [c.pk for c in rows] == [closed.pk]


def test_outreach_is_registered_and_validated(client_for, placements):
    client = client_for("advisor")
    ok = client.post(
        reverse("casework:outreach_create"),
        {"date": "2024-02-01", "outreach_kind": "seminar", "audience": "staff",
         "channel": "", "topic": "Kurs for lærere", "reached": "35"},
    )  # fmt: skip
    bad = client.post(
        reverse("casework:outreach_create"),
        {"date": "2024-02-01", "outreach_kind": "seminar", "audience": "staff",
         "channel": "", "topic": "Kurs", "reached": "-3"},
    )  # fmt: skip
    assert ok.status_code == 302 and bad.status_code == 400
    assert Outreach.objects.get().advisor == placements["advisor"]


def test_advisor_without_placement_cannot_register(client_for, personas):
    response = client_for("advisor").get(reverse("casework:case_create"))
    assert response.status_code == 403
    assert client_for("advisor").get(reverse("casework:my_cases")).status_code == 200


def test_my_cases_lists_open_cases_first_most_urgent_follow_up_on_top(placements, client_for):
    import datetime as dt

    from casework.selectors import my_cases
    from tests.casework.conftest import make_case

    owner = placements["advisor"]
    closed = make_case(
        owner, opened_on=dt.date(2025, 5, 1), status="closed", closed_on=dt.date(2025, 6, 1)
    )
    later = make_case(owner, opened_on=dt.date(2024, 1, 1), follow_up_on=dt.date(2025, 9, 1))
    sooner = make_case(owner, opened_on=dt.date(2023, 1, 1), follow_up_on=dt.date(2025, 8, 1))
    no_date = make_case(owner, opened_on=dt.date(2025, 2, 1))
    ordered = list(my_cases(owner.user).values_list("pk", flat=True))
    assert ordered == [sooner.pk, later.pk, no_date.pk, closed.pk]


def test_my_cases_narrows_to_the_cases_that_need_follow_up(placements, client_for):
    from tests.casework.conftest import make_case

    owner = placements["advisor"]
    today = timezone.localdate()
    overdue = make_case(owner, follow_up_on=today - datetime.timedelta(days=2))
    due_today = make_case(owner, follow_up_on=today)
    make_case(owner, follow_up_on=today + datetime.timedelta(days=3))  # not yet
    make_case(owner)  # no follow-up date
    make_case(
        owner,
        status="closed",
        closed_on=datetime.date(2024, 4, 1),
        follow_up_on=today - datetime.timedelta(days=9),
    )  # closed: nothing to follow up
    services.journal_entry_create(
        case=overdue, by=owner.user, date=datetime.date(2024, 3, 2), entry_kind="advice", text="a"
    )
    services.journal_entry_create(
        case=overdue, by=owner.user, date=datetime.date(2024, 5, 17), entry_kind="action", text="b"
    )
    client = client_for("advisor")
    page = client.get(reverse("casework:my_cases")).content.decode()
    assert '<a href="?due=on">2 saker trenger oppfølging.</a>' in page
    response = client.get(reverse("casework:my_cases"), {"due": "on"})
    rows = list(response.context["table"].data)
    assert sorted(c.pk for c in rows) == sorted([overdue.pk, due_today.pk])
    body = response.content.decode()
    assert "Siste journalnotat" in body and "17.05.2024" in body
    assert "02.03.2024" not in body  # only the latest entry is shown


def test_outreach_page_sums_own_activities_and_reach_per_year(client_for, placements):
    rows = [  # (advisor, date, kind, reached)
        ("advisor", datetime.date(2024, 2, 1), "seminar", 35),
        ("advisor", datetime.date(2024, 3, 1), "seminar", 20),
        ("advisor", datetime.date(2024, 9, 1), "campaign", 4100),
        ("advisor", datetime.date(2023, 5, 1), "talk", 60),
        ("advisor2", datetime.date(2024, 2, 1), "talk", 999),  # someone else's
    ]
    for who, date, kind, reached in rows:
        Outreach.objects.create(
            advisor=placements[who], date=date, outreach_kind=kind, audience="staff",
            topic="Kurs", reached=reached,
        )  # fmt: skip
    response = client_for("advisor").get(reverse("casework:outreach_list"))
    # seminars, talks, campaigns, reached: 2024 = 2, 0, 1, 35 + 20 + 4100; 2023 = 0, 1, 0, 60
    assert response.context["per_year"] == [
        {"year": 2024, "activities": [2, 0, 1], "reached": 4155},
        {"year": 2023, "activities": [0, 1, 0], "reached": 60},
    ]
    body = response.content.decode()
    assert '<td class="text-end">4\xa0155</td>' in body
    assert "999" not in body


def test_journal_entry_sets_the_next_follow_up(client_for, cases):
    from imdi.models import AuditEvent

    case = cases["advisor"]
    client = client_for("advisor")
    today = timezone.localdate()
    next_date = today + datetime.timedelta(days=14)
    response = client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": today.isoformat(), "entry_kind": "contact", "text": "Samtale",
         "follow_up_on": next_date.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.follow_up_on == next_date
    assert AuditEvent.objects.filter(
        action="update", object_id=str(case.pk), detail="follow-up date set"
    ).exists()
    # Left empty, the date stays; in the past, it is refused and nothing is saved.
    client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": today.isoformat(), "entry_kind": "note", "text": "Notat", "follow_up_on": ""},
    )
    past = client.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": today.isoformat(), "entry_kind": "note", "text": "Feil",
         "follow_up_on": (today - datetime.timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert past.status_code == 400
    assert "Neste oppfølging kan ikke være tilbake i tid." in past.content.decode()
    assert not case.journal.filter(text="Feil").exists()
    case.refresh_from_db()
    assert case.follow_up_on == next_date
