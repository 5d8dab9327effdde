import pytest

from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_through_the_form_and_sees_an_accessible_start_page(page, personas):
    page.goto("/")
    # Sent to the login page, which must itself be accessible.
    assert "/konto/logg-inn/" in page.url
    assert_accessible(page)
    log_in(page, "hr")
    assert page.locator("h1").inner_text().startswith("Velkommen")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    assert nav.get_by_role("link", name="Likestillingsdashbord").count() == 1
    assert nav.get_by_role("link", name="Mine saker").count() == 0
    assert_accessible(page)
    # The skip link is the first thing the keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hopp til hovedinnholdet"
