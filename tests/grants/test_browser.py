"""In the browser: the officer takes an application from submitted to ready for decision, the
approver decides it, the letter is produced and downloaded; axe-core checks every page."""

import re

import pytest

from grants.models import Status
from imdi.models import AuditEvent
from tests.browser import assert_accessible, log_in
from tests.grants import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_from_submitted_to_decision_letter(page, personas):
    officer = personas["grant_officer"]
    scheme = factories.scheme()
    org = factories.organisation()
    app = factories.application(officer, scheme_obj=scheme, org=org, title="Jobbsjansen Oslo")
    detail = f"/tilskudd/soknader/{app.pk}/"

    log_in(page, "tilskudd")
    page.goto("/tilskudd/")
    assert_accessible(page)
    page.goto("/tilskudd/soknader/")
    assert_accessible(page)
    page.get_by_role("link", name=app.reference).click()
    page.wait_for_url(re.compile(rf".*/soknader/{app.pk}/$"))
    assert_accessible(page)

    page.get_by_label("Jeg er habil i denne saken").check()
    page.get_by_role("button", name="Send erklæring").click()
    page.get_by_role("button", name="Start behandling").click()
    page.get_by_text("Statusen er endret.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Registrer vurdering").click()
    assert_accessible(page)
    page.get_by_label("Relevans (vekt 60 %)").select_option("5")
    page.get_by_label("Gjennomføring (vekt 40 %)").select_option("4")
    page.get_by_label("Innstilling").select_option("grant")
    page.get_by_label("Foreslått beløp (kr)").fill("200000")
    page.locator("#id_summary").fill("Godt forankret prosjekt.")
    page.get_by_role("button", name="Lagre vurdering").click()
    page.get_by_text("Vurderingen er lagret.").wait_for()
    page.get_by_role("button", name="Send til vedtak").click()
    page.get_by_text("Statusen er endret.").wait_for()
    app.refresh_from_db()
    assert app.status == Status.READY_FOR_DECISION

    page.get_by_role("button", name="Logg ut").click()
    log_in(page, "godkjenner")
    page.goto(detail)
    page.get_by_role("link", name="Fatt vedtak").click()
    assert_accessible(page)
    page.locator("#id_outcome").select_option("granted")
    page.locator("#id_reasons").fill("Søknaden oppfyller kriteriene.")
    page.get_by_role("button", name="Fatt vedtak").click()
    page.get_by_text("Vedtaket er fattet.").wait_for()
    assert_accessible(page)

    link = page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)")
    if not link.count():  # the letter task runs just after the commit: look again
        page.reload()
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"
    app.refresh_from_db()
    assert app.status == Status.DECIDED
    assert AuditEvent.objects.filter(action="download", object_type="grants.decision").exists()

    page.goto("/tilskudd/statistikk/?year=2025")
    assert_accessible(page)
