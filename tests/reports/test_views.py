"""The reports pages per persona: allowed, refused, and what is recorded."""

import hashlib

import pytest
from django.urls import reverse

from imdi.models import AuditEvent
from imdi.reports import services
from imdi.reports.models import ReportExport
from tests.reports.readback import workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_providers")]

ALLOWED = ["hr", "reader", "admin"]
REFUSED = ["grant_officer", "grant_approver", "advisor", "envoy", "coordinator", "nobody"]


@pytest.fixture
def done_export(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(year=2023, formats=["docx", "xlsx"], user=personas["hr"])
    export.refresh_from_db()
    assert export.status == "done"
    return export


@pytest.mark.parametrize("persona", ALLOWED)
def test_report_roles_see_the_page_with_the_form(client_for, persona, done_export):
    response = client_for(persona).get(reverse("reports:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rapporter</h1>" in html
    assert "Lag redegjørelsen" in html
    assert "Last ned Excel (2023)" in html and "Last ned Word (2023)" in html
    assert done_export.files.get(format="xlsx").sha256 in html
    assert 'src="/static/reports/reports.js"' in html
    assert "<script>" not in html  # no inline scripts (CSP)


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused_every_page(client_for, personas, persona, done_export):
    client = client_for(persona)
    urls = [
        reverse("reports:list"),
        reverse("reports:status") + f"?ids={done_export.pk}",
        reverse("reports:download", args=[done_export.pk, "xlsx"]),
        reverse("reports:preview", args=[2023]),
        reverse("reports:preview_pick") + "?year=2023",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("reports:create"), {"year": 2023, "formats": ["pdf"]}).status_code
        == 403
    )
    assert client.post(reverse("reports:retry", args=[done_export.pk])).status_code == 403
    assert ReportExport.objects.count() == 1
    # Every refusal is in the audit trail.
    assert AuditEvent.objects.filter(action="access_refused", user=personas[persona]).count() == 7
    assert not AuditEvent.objects.filter(action="download").exists()


@pytest.mark.parametrize("persona", ALLOWED)
def test_download_serves_the_stored_file_and_records_it(client_for, personas, persona, done_export):
    response = client_for(persona).get(reverse("reports:download", args=[done_export.pk, "xlsx"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert workbook(content)["Kjønnsbalanse og lønn 2023"]["E4"].value == 1238300
    assert hashlib.sha256(content).hexdigest() == done_export.files.get(format="xlsx").sha256
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="likestillingsredegjorelse-2023.xlsx"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="download")
    assert event.user == personas[persona]
    assert (event.object_type, event.object_id) == ("reports.reportexport", str(done_export.pk))
    assert event.detail == "format=xlsx"


def test_download_of_a_format_not_produced_is_not_found(client_for, done_export):
    client = client_for("hr")
    assert client.get(reverse("reports:download", args=[done_export.pk, "pdf"])).status_code == 404
    assert client.get(reverse("reports:download", args=[done_export.pk, "exe"])).status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_asking_for_a_statement_queues_and_runs_it(
    client_for, personas, django_capture_on_commit_callbacks
):
    client = client_for("reader")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:create"), {"year": "2023", "formats": ["docx"]})
    assert response.status_code == 302
    export = ReportExport.objects.get()
    assert (export.year, export.formats, export.requested_by) == (
        2023,
        ["docx"],
        personas["reader"],
    )
    assert export.status == "done"
    assert AuditEvent.objects.filter(action="create", object_id=str(export.pk)).exists()
    page = client.get(reverse("reports:list")).content.decode()
    assert "Redegjørelsen for 2023 står i kø" in page


def test_a_request_without_formats_is_refused_with_a_message(client_for):
    response = client_for("hr").post(reverse("reports:create"), {"year": "2023"})
    assert response.status_code == 400
    assert "Velg minst ett format." in response.content.decode()
    assert not ReportExport.objects.exists()


def test_the_status_endpoint_reports_progress_and_files(client_for, done_export):
    other = ReportExport.objects.create(
        year=2022, formats=["pdf"], status="running", progress=40, step="Skriver PDF"
    )
    response = client_for("hr").get(reverse("reports:status") + f"?ids={done_export.pk},{other.pk}")
    data = {e["id"]: e for e in response.json()["exports"]}
    assert data[other.pk]["status"] == "running"
    assert data[other.pk]["progress"] == 40
    assert data[other.pk]["status_label"] == "pågår"
    assert data[done_export.pk]["status_label"] == "ferdig"
    assert {f["format"] for f in data[done_export.pk]["files"]} == {"docx", "xlsx"}
    assert data[done_export.pk]["files"][0]["url"].startswith(f"/rapporter/{done_export.pk}/fil/")
    assert client_for("hr").get(reverse("reports:status") + "?ids=x").status_code == 400


def test_a_failed_export_shows_its_reason_and_can_be_retried(
    client_for, settings, django_capture_on_commit_callbacks
):
    export = ReportExport.objects.create(
        year=2023, formats=["xlsx"], status="failed", error="RuntimeError: borte"
    )
    client = client_for("admin")
    page = client.get(reverse("reports:list")).content.decode()
    assert "RuntimeError: borte" in page and "Prøv igjen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[export.pk]))
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.status == "done"
    assert export.files.get().format == "xlsx"


def test_preview_shows_the_statement_in_the_page(client_for):
    picked = client_for("hr").get(reverse("reports:preview_pick") + "?year=2023")
    assert picked.status_code == 302 and picked["Location"] == "/rapporter/forhandsvisning/2023/"
    response = client_for("hr").get(reverse("reports:preview", args=[2023]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<h1>Likestillingsredegjørelse for Integrerings- og mangfoldsdirektoratet 2023</h1>" in html
    )
    assert '<th scope="col" class="num">Lønn menn</th>' in html
    assert '<td class="num">1\xa0238\xa0300\xa0kr</td>' in html
    assert "<caption>Kjønnsbalanse og lønn 2023</caption>" in html
    assert 'role="img"' in html
    assert AuditEvent.objects.filter(action="view", object_type="reports.preview").exists()


def test_the_administrator_sees_exports_in_the_admin(client_for, done_export):
    client = client_for("admin")
    response = client.get(reverse("admin:reports_reportexport_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/admin/reports/reportexport/{done_export.pk}/change/" in page
    assert "ferdig" in page
    detail = client.get(reverse("admin:reports_reportexport_change", args=[done_export.pk]))
    assert detail.status_code == 200
    assert done_export.files.get(format="xlsx").sha256 in detail.content.decode()


def test_demo_data_queues_last_years_statement_once(personas):
    import io

    from imdi.reports import demo

    out = io.StringIO()
    demo.seed(users={"hr": personas["hr"]}, scale=1, stdout=out)
    demo.seed(users={"hr": personas["hr"]}, scale=1, stdout=out)
    assert ReportExport.objects.count() == 1
    assert "skipped" in out.getvalue()
