"""The equality dashboard reads its figures once per request, with as many queries for ten
employees as for hundreds; the figures are kept per version of the records, and every way
the records change (the correction form, the import, the admin) shows on the next page."""

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hr import selectors
from hr.models import EmployeeRecord
from imdi import datacache
from tests.hr.factories import random_records, record
from tests.hr.test_pages import cells, csv_upload, good_row

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15  # the whole request, the stack's own queries included


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("persona,view", [("hr", "internal"), ("hr", "public"), ("reader", "")])
def test_query_count_does_not_grow_with_the_records(
    client_for, persona, view, django_capture_on_commit_callbacks
):
    client = client_for(persona)
    url = reverse("hr:dashboard")
    params = {"year": 2023, "view": view}
    # The version row is there from the migrations (a flushed, reused test database may have
    # lost it; then the first read would create it, three queries more).
    datacache.version("hr")
    for year in range(2019, 2024):
        random_records(year, 4, seed=year)
    # The first request computes the figures, the second reads them from the cache.
    few = [queries(client, url, params), queries(client, url, params)]
    for year in range(2016, 2024):
        random_records(year, 150, seed=100 + year)
    with django_capture_on_commit_callbacks(execute=True):
        datacache.bump("hr")  # as the import does
    many = [queries(client, url, params), queries(client, url, params)]
    assert few == many
    assert max(many) <= QUERY_BUDGET


def test_reading_the_figures_writes_nothing(client_for):
    # The version row comes with the migrations: a GET stores nothing but its audit event.
    from imdi.models import DataVersion

    datacache.version("hr")  # as the migration left it (see above)
    record(employee_id="a")
    before = list(DataVersion.objects.values_list("name", "token", "number"))
    assert client_for("reader").get(reverse("hr:dashboard")).status_code == 200
    assert list(DataVersion.objects.values_list("name", "token", "number")) == before


def test_the_year_menu_and_default_year_without_reading_every_record(client_for):
    for year in (2019, 2021, 2024):
        record(year=year, employee_id=f"e{year}")
    html = client_for("hr").get(reverse("hr:dashboard")).content.decode()
    assert "<h1>Likestillingsdashbord 2024</h1>" in html
    assert (
        '<datalist id="year-options"><option value="2024"><option value="2021">'
        '<option value="2019"></datalist>'
    ) in html
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.years_with_records() == [2024, 2021, 2019]
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "DISTINCT" not in sql and "WITH RECURSIVE" in sql


def test_a_corrected_record_shows_on_the_dashboard(client_for, django_capture_on_commit_callbacks):
    rec = record(employee_id="R1", gender="M", annual_salary=500_000)
    client = client_for("hr")
    assert (
        cells(
            client.get(reverse("hr:dashboard"), {"year": 2023}).content.decode(),
            "Hele virksomheten",
            2023,
        )[3]
        == "500\xa0000\xa0kr"
    )
    data = {
        "gender": "M",
        "position_category": "saksbehandler",
        "annual_salary": "510000",
        "fte_percent": "100",
        "parental_leave_weeks": "0",
        "sick_leave_days": "0",
        "agreed_work_days": "230",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("hr:record_edit", args=[rec.pk]), data).status_code == 302
    html = client.get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    assert cells(html, "Hele virksomheten", 2023)[3] == "510\xa0000\xa0kr"


def test_an_import_shows_on_the_dashboard(client_for, django_capture_on_commit_callbacks):
    record(employee_id="old", gender="K", annual_salary=400_000)
    client = client_for("hr")
    html = client.get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    assert cells(html, "Hele virksomheten", 2023)[2:5] == ["1", "–", "400\xa0000\xa0kr"]
    confirm = client.post(
        reverse("hr:import"),
        {"file": csv_upload([good_row(), good_row(employee_id="N2", annual_salary="966580")])},
    )["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm, {"confirm": "1"}).status_code == 302
    html = client.get(reverse("hr:dashboard"), {"year": 2023}).content.decode()
    # Two women, 966 578 and 966 580 kroner: the old record is gone.
    assert cells(html, "Hele virksomheten", 2023)[2:5] == ["2", "–", "966\xa0579\xa0kr"]


def test_an_admin_delete_shows_on_the_dashboard(personas, django_capture_on_commit_callbacks):
    record(employee_id="a", annual_salary=400_000)
    record(employee_id="b", annual_salary=600_000)
    assert selectors.figures(2023).table(2023)["rows"][0]["avg_salary_women"] == 500_000
    admin = site._registry[EmployeeRecord]
    request = RequestFactory().post("/")
    request.user = personas["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        admin.delete_queryset(request, EmployeeRecord.objects.filter(employee_id="a"))
    assert selectors.figures(2023).table(2023)["rows"][0]["avg_salary_women"] == 600_000
    with django_capture_on_commit_callbacks(execute=True):
        admin.delete_model(request, EmployeeRecord.objects.get(employee_id="b"))
    assert selectors.figures(2023).table(2023)["rows"][0]["total"] == 0


def test_the_report_section_queries_do_not_grow_with_the_records(
    django_capture_on_commit_callbacks,
):
    from hr import report

    def section_queries() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            datacache.bump("hr")  # a cold cache, as in the export's worker
        with CaptureQueriesContext(connection) as ctx:
            report.section(2023)
        return len(ctx)

    datacache.version("hr")
    for year in range(2019, 2024):
        random_records(year, 4, seed=year)
    few = section_queries()
    for year in range(2016, 2024):
        random_records(year, 150, seed=100 + year)
    assert section_queries() == few


def test_the_kept_content_is_per_role_view_and_language(client_for):
    # The HR officer's public view and the reader's are the same figures, but the officer's
    # has the links to the records and the choice of view: the reader never gets them.
    record(employee_id="a")
    records_link = reverse("hr:records")
    hr_public = client_for("hr").get(reverse("hr:dashboard"), {"view": "public"})
    assert records_link in hr_public.content.decode()
    reader = client_for("reader")
    html = reader.get(reverse("hr:dashboard"), {"view": "internal"}).content.decode()
    assert records_link not in html and 'name="view"' not in html and "Offentlig visning." in html
    internal = client_for("hr").get(reverse("hr:dashboard")).content.decode()
    assert "Intern visning." in internal
    english = client_for("hr")
    english.cookies["django_language"] = "en"
    try:
        html = english.get(reverse("hr:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    finally:
        # The request left English active in this thread: the next tests expect bokmål.
        translation.activate(settings.LANGUAGE_CODE)
    assert "Internal view." in html
