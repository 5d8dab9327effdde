"""The reports page in a browser: accessible, and following a run without reloading."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from imdi.reports import services
from imdi.reports.models import ReportExport
from tests.browser import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("sample_providers"),
]


def test_progress_and_download_appear_without_reloading(page, personas):
    export = ReportExport.objects.create(year=2023, formats=["xlsx"], requested_by=personas["hr"])
    ReportExport.objects.filter(pk=export.pk).update(
        status="running", progress=30, step="Henter tall"
    )
    log_in(page, "hr")
    page.goto("/rapporter/")
    expect(page).to_have_title("Rapporter – IMDi-portalen")
    bar = page.get_by_role("progressbar", name="Framdrift, redegjørelse 2023")
    expect(bar).to_have_attribute("aria-valuenow", "30")
    expect(page.get_by_text("Henter tall")).to_be_visible()
    assert_accessible(page)

    page.evaluate("window.__notReloaded = true")
    # A worker finishes the run while the page is open.
    ReportExport.objects.filter(pk=export.pk).update(status="queued")
    assert services.export_run(export_id=export.pk) == "done"

    link = page.get_by_role("link", name="Last ned Excel (2023)")
    expect(link).to_be_visible(timeout=10_000)
    expect(page.locator(f"tr[data-export-id='{export.pk}'] .export-badge")).to_have_text("ferdig")
    assert page.evaluate("window.__notReloaded") is True
    assert_accessible(page)

    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == export.files.get().sha256
    assert download.value.suggested_filename == "likestillingsredegjorelse-2023.xlsx"


def test_asking_for_a_statement_with_the_keyboard(page, personas):
    log_in(page, "leder")
    page.goto("/rapporter/")
    page.get_by_label("År*", exact=True).select_option("2022")
    page.get_by_label("PDF").uncheck()
    page.get_by_label("Word").uncheck()
    page.get_by_role("button", name="Lag redegjørelsen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Redegjørelsen for 2022 står i kø")).to_be_visible()
    export = ReportExport.objects.get()
    assert (export.year, export.formats) == (2022, ["xlsx"])
    expect(page.get_by_role("link", name="Last ned Excel (2022)")).to_be_visible()
    assert_accessible(page)


def test_the_preview_is_accessible(page, personas):
    log_in(page, "hr")
    page.goto("/rapporter/")
    page.get_by_label("År å forhåndsvise").select_option("2023")
    page.get_by_role("button", name="Vis forhåndsvisningen").click()
    expect(page).to_have_url(re.compile(r"/rapporter/forhandsvisning/2023/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Likestillingsredegjørelse for Integrerings- og mangfoldsdirektoratet 2023"
    )
    assert_accessible(page)


def test_preview_tables_fit_the_page_without_sideways_scrolling(page, personas):
    """On a laptop-sized window the column headings wrap, so a reader sees every column of
    the pay table without scrolling it sideways (WCAG 1.4.10)."""
    page.set_viewport_size({"width": 1024, "height": 800})
    log_in(page, "hr")
    page.goto("/rapporter/forhandsvisning/2023/")
    expect(page.get_by_role("table", name="Kjønnsbalanse og lønn 2023")).to_be_visible()
    overflowing = page.eval_on_selector_all(
        ".report-table",
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id || e.innerText)",
    )
    assert overflowing == []
