"""The HR pages: who may use them, what they show, and the import's two steps."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hr.importing import COLUMNS
from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure
from imdi.models import AuditEvent
from tests.hr.factories import record

pytestmark = pytest.mark.django_db

HR_ONLY = ["hr:import", "hr:immigrant_background", "hr:equality_work"]


@pytest.mark.parametrize("name", ["hr:dashboard", *HR_ONLY])
@pytest.mark.parametrize("persona", ["grant_officer", "advisor", "coordinator", "admin", "nobody"])
def test_other_roles_are_refused(client_for, name, persona):
    assert client_for(persona).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", HR_ONLY)
def test_report_reader_is_refused_the_hr_pages(client_for, name):
    assert client_for("reader").get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["hr:dashboard", *HR_ONLY])
def test_hr_officer_may_use_every_page(client_for, name):
    assert client_for("hr").get(reverse(name)).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("hr:dashboard"))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def small_group_year():
    # 2023: four men and six women top managers; 2022: one man.
    for i in range(4):
        record(
            employee_id=f"m{i}", gender="M", position_category="toppleder", annual_salary=1_200_000
        )
    for i in range(6):
        record(
            employee_id=f"k{i}", gender="K", position_category="toppleder", annual_salary=1_100_000
        )
    record(year=2022, employee_id="x", gender="M", annual_salary=600_000)


def cells(html: str, label: str, year: int) -> list[str]:
    """The figures of one year's line under a group in the dashboard table."""
    block = html.split(f">{label}</th>", 1)[1]
    line = block.split(f'<th scope="row">{year}</th>', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", line)]


def test_internal_view_shows_every_figure_with_the_year_before(client_for):
    small_group_year()
    html = client_for("hr").get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    assert "Intern visning." in html
    # 4 men 1 200 000, 6 women 1 100 000: 91,67 %.
    assert cells(html, "Toppleder", 2023) == [
        "40,00\xa0%",
        "60,00\xa0%",
        "10",
        "1\xa0200\xa0000\xa0kr",
        "1\xa0100\xa0000\xa0kr",
        "91,67\xa0%",
    ]
    assert cells(html, "Hele virksomheten", 2022)[2:4] == ["1", "600\xa0000\xa0kr"]
    # Grouped headings as in the statement, so the ratio column fits beside the pay.
    assert '<th scope="colgroup" colspan="3" class="text-center">Kjønnsbalanse</th>' in html
    assert "Gjennomsnittlig årslønn (heltid)</th>" in html


def test_public_view_hides_small_groups_pay(client_for):
    small_group_year()
    html = (
        client_for("hr")
        .get(reverse("hr:dashboard"), {"year": 2023, "view": "public"})
        .content.decode()
    )
    assert "Offentlig visning." in html
    assert cells(html, "Toppleder", 2023) == [
        "40,00\xa0%",
        "60,00\xa0%",
        "10",
        "*",
        "1\xa0100\xa0000\xa0kr",
        "*",
    ]
    assert 'id="suppressed-note"' in html


def test_report_reader_always_gets_the_public_view(client_for):
    small_group_year()
    html = (
        client_for("reader")
        .get(reverse("hr:dashboard"), {"year": 2023, "view": "internal"})
        .content.decode()
    )
    assert "Offentlig visning." in html
    assert cells(html, "Toppleder", 2023)[3] == "*"
    assert "1\xa0200\xa0000\xa0kr" not in html
    event = AuditEvent.objects.filter(object_type="hr.equalitytable").latest("at")
    assert (event.object_id, event.detail) == ("2023", "public")


def test_dashboard_pay_gap_flag(client_for):
    for i in range(5):
        record(employee_id=f"m{i}", gender="M", annual_salary=700_000)
        record(employee_id=f"k{i}", gender="K", annual_salary=630_000)
    html = client_for("hr").get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    # (700 000 − 630 000) / 700 000 = 10,00 %, flagged.
    assert "10,00\xa0%" in html and "Gap på 5\xa0% eller mer" in html.replace("5 %", "5\xa0%")
    assert "<svg" in html and "<caption>" in html


def csv_upload(rows: list[dict], name="ansatte.csv") -> SimpleUploadedFile:
    lines = [",".join(COLUMNS)] + [",".join(r[c] for c in COLUMNS) for r in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def good_row(**changes) -> dict:
    base = {
        "year": "2023",
        "employee_id": "N1",
        "gender": "K",
        "position_category": "mellomleder",
        "annual_salary": "966578",
        "fte_percent": "100",
        "temporary": "false",
        "involuntary_part_time": "false",
        "hired_in_year": "true",
        "left_in_year": "false",
        "parental_leave_weeks": "0",
        "sick_leave_days": "2",
        "agreed_work_days": "230",
    }
    return {**base, **changes}


def test_upload_lists_problems_and_stores_nothing(client_for):
    client = client_for("hr")
    upload = csv_upload([good_row(), good_row(employee_id="N2", gender="X", fte_percent="0")])
    response = client.post(reverse("hr:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen har 2 feil. Ingenting er lagret." in html
    assert "<td>3</td><td>gender</td><td>Kjønn må være M eller K.</td>" in html
    assert not EmployeeRecord.objects.exists()


def test_upload_confirm_replaces_the_year(client_for):
    for i in range(3):
        record(employee_id=f"old{i}")
    record(year=2022, employee_id="keep")
    client = client_for("hr")
    response = client.post(
        reverse("hr:import"), {"file": csv_upload([good_row(), good_row(employee_id="N2")])}
    )
    assert response.status_code == 302
    confirm_url = response["Location"]
    html = client.get(confirm_url).content.decode()
    assert "erstatter 3 eksisterende poster" in html
    # Nothing is stored before the confirmation.
    assert EmployeeRecord.objects.filter(year=2023).count() == 3
    # Another user cannot use the token.
    other = client_for("reader")
    assert other.post(confirm_url).status_code == 403
    response = client.post(confirm_url, {"confirm": "1"})
    assert response.status_code == 302
    assert sorted(EmployeeRecord.objects.values_list("year", "employee_id")) == [
        (2022, "keep"),
        (2023, "N1"),
        (2023, "N2"),
    ]
    event = AuditEvent.objects.get(action="import")
    assert event.user.username == "hr" and event.detail == "records=2 replaced=3 years=2023"
    # The token is spent.
    assert client.get(confirm_url).status_code == 404


def test_upload_can_be_cancelled(client_for):
    client = client_for("hr")
    confirm_url = client.post(reverse("hr:import"), {"file": csv_upload([good_row()])})["Location"]
    client.post(confirm_url, {"cancel": "1"})
    assert not EmployeeRecord.objects.exists()
    assert client.get(confirm_url).status_code == 404


def test_token_of_another_session_is_unknown(client_for, personas):
    from django.test import Client

    from tests.conftest import verified_login

    confirm_url = client_for("hr").post(reverse("hr:import"), {"file": csv_upload([good_row()])})[
        "Location"
    ]
    second_session = verified_login(Client(), personas["hr"])
    assert second_session.post(confirm_url, {"confirm": "1"}).status_code == 404
    assert not EmployeeRecord.objects.exists()


def test_immigrant_background_entry_and_share(client_for):
    client = client_for("hr")
    response = client.post(
        reverse("hr:immigrant_background"),
        {"year": 2023, "total_employees": 264, "group1": 14, "group2": 67, "goal_pct": "30"},
    )
    assert response.status_code == 302
    html = client.get(reverse("hr:immigrant_background")).content.decode()
    # (14 + 67) / 264 = 30,68 %
    assert "30,68\xa0%" in html
    client.post(
        reverse("hr:immigrant_background_edit", args=[2023]),
        {"total_employees": 264, "group1": 14, "group2": 60, "goal_pct": "30"},
    )
    item = ImmigrantBackground.objects.get(year=2023)
    assert item.group2 == 60
    bad = client.post(
        reverse("hr:immigrant_background"),
        {"year": 2024, "total_employees": 10, "group1": 8, "group2": 8, "goal_pct": "30"},
    )
    assert "kan ikke til sammen være flere enn" in bad.content.decode()
    assert not ImmigrantBackground.objects.filter(year=2024).exists()


def test_equality_work_and_measures(client_for):
    client = client_for("hr")
    url = reverse("hr:equality_work") + "?year=2024"
    response = client.post(
        url,
        {
            "risks": "Skjev kjønnsbalanse",
            "causes": "Søkertilfang",
            "measures_summary": "",
            "evaluation": "",
        },
    )
    assert response.status_code == 302
    work = EqualityWork.objects.get(year=2024)
    assert work.risks == "Skjev kjønnsbalanse" and work.updated_by.username == "hr"
    response = client.post(
        reverse("hr:measure_create", args=[2024]),
        {
            "description": "Samarbeid med NAV",
            "owner": "HR",
            "deadline": "2024-09-30",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.work == work
    html = client.get(url).content.decode()
    assert "Samarbeid med NAV" in html and "30.09.2024" in html
    client.post(
        reverse("hr:measure_edit", args=[measure.pk]),
        {
            "description": "Samarbeid med NAV",
            "owner": "HR",
            "deadline": "2024-10-31",
            "status": "done",
        },
    )
    measure.refresh_from_db()
    assert measure.status == "done" and str(measure.deadline) == "2024-10-31"
    missing_deadline = client.post(
        reverse("hr:measure_create", args=[2024]),
        {"description": "x", "owner": "y", "status": "planned"},
    )
    assert missing_deadline.status_code == 200 and Measure.objects.count() == 1
    client.post(reverse("hr:measure_edit", args=[measure.pk]), {"delete": "1"})
    assert not Measure.objects.exists()
    actions = set(
        AuditEvent.objects.filter(object_type="hr.measure").values_list("action", flat=True)
    )
    assert actions == {"create", "update", "delete"}


def test_reader_cannot_change_measures(client_for):
    work = EqualityWork.objects.create(year=2024)
    measure = Measure.objects.create(work=work, description="a", owner="b", deadline="2024-01-01")
    reader = client_for("reader")
    assert (
        reader.post(reverse("hr:measure_edit", args=[measure.pk]), {"delete": "1"}).status_code
        == 403
    )
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert reader.post(reverse("hr:measure_create", args=[2024]), {}).status_code == 403


def test_empty_year_page(client_for):
    html = client_for("hr").get(reverse("hr:dashboard"), {"year": 2030}).content.decode()
    assert "Det finnes ingen ansattposter for 2030." in html


def test_records_list_and_correction(client_for):
    rec = record(employee_id="R1", annual_salary=500_000)
    record(year=2022, employee_id="R0")
    client = client_for("hr")
    html = client.get(reverse("hr:records"), {"year": 2023}).content.decode()
    assert "R1" in html and "R0" not in html and "500\xa0000\xa0kr" in html
    assert AuditEvent.objects.filter(action="list", object_id=str(rec.pk)).exists()
    url = reverse("hr:record_edit", args=[rec.pk])
    data = {
        "gender": "K",
        "position_category": "saksbehandler",
        "annual_salary": "510000",
        "fte_percent": "100",
        "parental_leave_weeks": "0",
        "sick_leave_days": "0",
        "agreed_work_days": "230",
    }
    assert client.post(url, {**data, "fte_percent": "0"}).status_code == 200
    rec.refresh_from_db()
    assert rec.annual_salary == 500_000
    assert client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert rec.annual_salary == 510_000
    event = AuditEvent.objects.get(action="update", object_type="hr.employeerecord")
    assert event.detail == "fields=annual_salary"


def test_records_are_hidden_from_the_report_reader(client_for):
    rec = record(employee_id="R1")
    reader = client_for("reader")
    assert reader.get(reverse("hr:records")).status_code == 403
    assert reader.get(reverse("hr:record_edit", args=[rec.pk])).status_code == 403


def test_records_open_on_the_newest_year_with_plain_filters(client_for):
    record(year=2023, employee_id="NEW1", left_in_year=True)
    record(year=2023, employee_id="NEW2")
    record(year=2022, employee_id="OLD1")
    client = client_for("hr")
    html = client.get(reverse("hr:records")).content.decode()
    assert "NEW1" in html and "NEW2" in html and "OLD1" not in html
    assert 'value="2023"' in html and "2 poster." in html
    # The choices read "Alle", not dashes or "Ukjent".
    assert "---------" not in html and "Ukjent" not in html
    assert html.count('<option value="" selected>Alle</option>') == 3
    # An emptied year field lists every year; "Sluttet i året: Nei" filters.
    html = client.get(reverse("hr:records"), {"year": "", "left_in_year": "false"}).content.decode()
    assert "NEW2" in html and "OLD1" in html and "NEW1" not in html


def trend_cells(html: str, label: str) -> list[str]:
    block = html.split('id="trend-heading"', 1)[1].split(f">{label}</th>", 1)[1]
    line = block.split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", line)]


def test_public_trend_marks_hidden_ratios_and_keeps_their_row(client_for, settings):
    settings.HR_MIN_GROUP_SIZE = 5
    small_group_year()  # 2023 top managers: 4 men, 6 women
    record(year=2022, employee_id="t1", gender="M", position_category="toppleder")
    record(year=2022, employee_id="t2", gender="M", position_category="toppleder")
    client = client_for("hr")
    public = client.get(reverse("hr:dashboard"), {"year": 2023, "view": "public"})
    html = public.content.decode()
    # 2022: men only, no ratio ("–"); 2023: the ratio exists but is hidden ("*").
    assert trend_cells(html, "Toppleder") == ["–", "*"]
    assert "* Skjult: færre enn 5 av et kjønn i gruppen. – betyr ingen av det ene kjønnet." in html
    internal = client.get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    # 1 100 000 / 1 200 000 = 91,666… % -> 91,67 %
    assert trend_cells(internal, "Toppleder") == ["–", "91,67\xa0%"]


def test_equality_work_opens_on_the_newest_year_with_text_or_records(client_for):
    client = client_for("hr")
    record(year=2022, employee_id="a")
    assert (
        "<h1>Likestillingsarbeid 2022</h1>"
        in client.get(reverse("hr:equality_work")).content.decode()
    )
    EqualityWork.objects.create(year=2024, risks="Skjev kjønnsbalanse.")
    html = client.get(reverse("hr:equality_work")).content.decode()
    assert "<h1>Likestillingsarbeid 2024</h1>" in html and "Skjev kjønnsbalanse." in html
    html = client.get(reverse("hr:equality_work"), {"year": 2022}).content.decode()
    assert "<h1>Likestillingsarbeid 2022</h1>" in html
