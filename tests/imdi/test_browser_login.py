import pytest

from imdi.roles import Role
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_user_logs_in_through_the_form_and_start_page_is_accessible(page, personas, settings):
    settings.IMDI_DEMO_WITHOUT_2FA = False
    page.goto("/")
    # Sent to the login page, which must itself be accessible.
    assert "/konto/logg-inn/" in page.url
    assert_accessible(page)
    log_in(page, "hr")
    assert page.locator("h1").inner_text().startswith("Velkommen")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    assert nav.get_by_role("link", name="Likestillingsdashbord").count() == 1 or nav.count() == 1
    assert_accessible(page)
    assert Role.HR_OFFICER
