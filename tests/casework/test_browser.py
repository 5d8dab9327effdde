"""In the browser: an advisor registers a case and writes in its journal; a second advisor
who opens the case's address is told it does not exist. Every page passes axe-core."""

import pytest

from casework.models import Case
from tests.browser import assert_accessible, log_in
from tests.casework.conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_advisor_registers_case_and_journal_entry_second_advisor_gets_not_found(
    page, browser, live_server, placements, settings
):
    settings.IMDI_DEMO_WITHOUT_2FA = True
    log_in(page, "radgiver1")
    page.goto("/saker/")
    assert page.locator("h1").inner_text() == "Mine saker"
    assert_accessible(page)

    page.get_by_role("link", name="Ny sak").click()
    assert page.locator("h1").inner_text() == "Ny sak"
    assert_accessible(page)
    page.get_by_label("Kjønn", exact=False).and_(page.get_by_role("combobox")).select_option(
        "female"
    )
    page.get_by_label("Fødselsår").fill("2008")
    page.get_by_label("Opprinnelsesland").select_option("SO")
    page.get_by_label("I fare for eller utsatt for").select_option("at_risk")
    page.get_by_label("Hvordan kontakten kom").select_option("snapchat")
    page.get_by_label("negativ sosial kontroll").check()
    page.get_by_role("button", name="Registrer sak").click()
    page.wait_for_load_state()

    case = Case.objects.get()
    assert page.url.endswith(f"/saker/{case.pk}/")
    assert case.reference in page.locator("h1").inner_text()
    assert_accessible(page)

    page.get_by_label("Tekst").fill("Første samtale med eleven.")
    page.get_by_role("button", name="Lagre notat").click()
    page.wait_for_load_state()
    assert page.get_by_text("Første samtale med eleven.").count() == 1
    assert case.journal.count() == 1
    assert_accessible(page)

    other = browser.new_context(base_url=live_server.url, locale="nb-NO")
    try:
        second = other.new_page()
        log_in(second, "radgiver2")
        response = second.goto(f"/saker/{case.pk}/")
        assert response.status == 404
        assert second.locator("h1").inner_text() == "Finnes ikke"
        assert "Første samtale" not in second.content()
        assert_accessible(second)
    finally:
        other.close()


def test_coordinator_pages_are_accessible(page, placements, settings):
    settings.IMDI_DEMO_WITHOUT_2FA = True
    for i in range(12):
        make_case(
            placements["advisor" if i % 3 else "advisor2"], gender="male" if i < 3 else "female"
        )
    case = Case.objects.first()
    leaver = placements["advisor2"]
    leaver.active = False  # has left: the overview and the assignment page name them
    leaver.save()
    log_in(page, "koordinator")
    for url, heading in [
        ("/saker/oversikt/", "Saksoversikt"),
        (f"/saker/oversikt/tildel/?fra={leaver.pk}", "Fordel saker"),
        (f"/saker/{case.pk}/", f"Sak {case.reference}"),
        (f"/saker/{case.pk}/overfor/", f"Overfør sak {case.reference}"),
        ("/saker/statistikk/?year=2024", "Saksstatistikk"),
    ]:
        page.goto(url)
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    assert page.locator("svg title").count() >= 1
    assert page.get_by_role("cell", name="<5").count() >= 1
