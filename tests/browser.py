"""Browser tests: Playwright for Python driving Debian's Chromium, and axe-core.

Use the ``page`` fixture (a fresh context against the live server) and ``assert_accessible``
on every page a test passes through.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import CHROMIUM

# WCAG 2.1 A and AA rules.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes
    # around it are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page, context=None):
    """No WCAG 2.1 AA violation that axe-core can find on the page as it is now."""
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def log_in(page, username, password="riktig-hest-batteri-stift"):
    page.goto("/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
