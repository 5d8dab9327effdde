"""Pages: who may use them, what they show, and that reads, exports and downloads are audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Organisation, Status
from imdi.models import AuditEvent
from tests.grants import factories

pytestmark = pytest.mark.django_db

GRANT_PAGES = ["grants:worklist", "grants:application_list", "grants:organisation_list"]
OUTSIDERS = ["advisor", "envoy", "coordinator", "hr", "reader", "nobody", "admin"]


def test_grant_roles_use_the_grant_pages_and_others_are_refused(client_for, app):
    for persona in ["grant_officer", "grant_approver"]:
        client = client_for(persona)
        for name in GRANT_PAGES:
            assert client.get(reverse(name)).status_code == 200, (persona, name)
        assert client.get(app.get_absolute_url()).status_code == 200
    for persona in OUTSIDERS:
        client = client_for(persona)
        for name in [*GRANT_PAGES, "grants:participant_list", "grants:application_create"]:
            assert client.get(reverse(name)).status_code == 403, (persona, name)
        assert client.get(app.get_absolute_url()).status_code == 403, persona
    refused = AuditEvent.objects.filter(action="access_refused")
    assert refused.count() == len(OUTSIDERS) * 6
    assert set(refused.values_list("username", flat=True)) == {
        "radgiver1",
        "utsending1",
        "koordinator",
        "hr",
        "leder",
        "ingen",
        "admin",
    }


def test_participant_register_is_for_officers_only(client_for):
    assert client_for("grant_officer").get(reverse("grants:participant_list")).status_code == 200
    assert client_for("grant_approver").get(reverse("grants:participant_list")).status_code == 403


def test_detail_is_audited_and_shows_the_actions_of_the_status(client_for, app):
    response = client_for("grant_officer").get(app.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Innsendt" in html and "Start behandling" in html
    assert "Avgi habilitetserklæring før du vurderer søknaden." in html  # why it is refused now
    assert AuditEvent.objects.filter(
        action="view", object_type="grants.application", object_id=str(app.pk)
    ).exists()


def test_officer_takes_the_case_through_the_pages(client_for, app, officer):
    client = client_for("grant_officer")
    url = app.get_absolute_url()
    client.post(reverse("grants:impartiality_declare", args=[app.pk]), {"declaration": "impartial"})
    response = client.post(
        reverse("grants:application_transition", args=[app.pk]), {"name": "start_assessment"}
    )
    assert response.status_code == 302 and response["Location"] == url
    app.refresh_from_db()
    assert app.status == Status.IN_ASSESSMENT and app.officer == officer
    criteria = list(app.scheme.criteria.all())
    data = {f"score_{c.pk}": "5" for c in criteria}
    data.update({"recommendation": "partly", "proposed_amount": "150000", "summary": "God."})
    response = client.post(reverse("grants:assessment_edit", args=[app.pk]), data)
    assert response.status_code == 302
    client.post(
        reverse("grants:application_transition", args=[app.pk]), {"name": "send_to_decision"}
    )
    app.refresh_from_db()
    assert app.status == Status.READY_FOR_DECISION


def test_refused_transition_is_explained_and_changes_nothing(client_for, app):
    client = client_for("grant_officer")
    response = client.post(
        reverse("grants:application_transition", args=[app.pk]),
        {"name": "start_assessment"},
        follow=True,
    )
    assert "Avgi habilitetserklæring" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_conflict_declaration_needs_a_reason(client_for, app):
    client = client_for("grant_officer")
    response = client.post(
        reverse("grants:impartiality_declare", args=[app.pk]),
        {"declaration": "conflict", "reason": ""},
        follow=True,
    )
    assert "Skriv kort hvorfor du er inhabil." in response.content.decode()
    assert not app.declarations.exists()


def test_decision_page_letter_and_audited_download(
    client_for, app, officer, approver, django_capture_on_commit_callbacks
):
    factories.ready_for_decision(app, officer)
    client = client_for("grant_approver")
    page = client.get(reverse("grants:decision_create", args=[app.pk]))
    assert page.status_code == 200
    assert "1\xa0000\xa0000\xa0kr" in page.content.decode()  # the budget
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:decision_create", args=[app.pk]),
            {
                "outcome": "granted",
                "amount": "",
                "reasons": "Oppfyller kriteriene.",
                "conditions": "",
            },
        )
    assert response.status_code == 302
    decision = app.decisions.get()
    assert decision.letter.name.endswith(".pdf")
    url = reverse("grants:decision_letter", args=[app.pk, decision.pk])
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "200 000" in text.replace("\xa0", " ")
    assert "Klagerett" in text and "3 uker" in text
    assert AuditEvent.objects.filter(
        action="download", object_type="grants.decision", object_id=str(decision.pk)
    ).exists()
    assert client_for("hr").get(url).status_code == 403


def test_attachments_are_private_and_downloads_audited(client_for, app):
    client = client_for("grant_officer")
    upload = SimpleUploadedFile("budsjett.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(reverse("grants:attachment_upload", args=[app.pk]), {"file": upload})
    attachment = app.attachments.get()
    url = reverse("grants:attachment_download", args=[app.pk, attachment.pk])
    response = client_for("grant_approver").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(action="download", object_type="grants.attachment").exists()
    assert client_for("advisor").get(url).status_code == 403
    # A nested id from another application is not found.
    other = factories.application(
        attachment.uploaded_by, scheme_obj=app.scheme, org=app.organisation
    )
    assert (
        client.get(
            reverse("grants:attachment_download", args=[other.pk, attachment.pk])
        ).status_code
        == 404
    )


def test_application_list_filters_and_exports(client_for, officer, scheme):
    oslo = factories.organisation(factories.ORGNRS[0], number="0301")
    bergen = factories.organisation(factories.ORGNRS[1], number="4601", type="voluntary")
    a = factories.application(officer, scheme_obj=scheme, org=oslo, title="Oslo-prosjektet")
    b = factories.application(officer, scheme_obj=scheme, org=bergen, title="Bergen-prosjektet")
    client = client_for("grant_officer")
    county = bergen.municipality.county_id
    html = client.get(reverse("grants:application_list"), {"county": county}).content.decode()
    assert "Bergen-prosjektet" in html and "Oslo-prosjektet" not in html
    html = client.get(reverse("grants:application_list"), {"q": "oslo"}).content.decode()
    assert "Oslo-prosjektet" in html and "Bergen-prosjektet" not in html
    response = client.get(
        reverse("grants:application_list"), {"organisation_type": "voluntary", "export": "csv"}
    )
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Bergen-prosjektet" in body and "Oslo-prosjektet" not in body
    assert body.splitlines()[0].startswith("Referanse;Prosjekt")
    exported = set(AuditEvent.objects.filter(action="export").values_list("object_id", flat=True))
    assert exported == {str(b.pk)}
    response = client.get(reverse("grants:application_list"), {"export": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"Oslo-prosjektet", "Bergen-prosjektet"}
    assert a.pk != b.pk


def test_organisation_form_validates_the_organisation_number(client_for, db):
    client = client_for("grant_officer")
    response = client.post(
        reverse("grants:organisation_create"),
        {"orgnr": "123456789", "name": "Feil AS", "type": "employer", "municipality": 1},
    )
    assert response.status_code == 200
    assert "er ikke et gyldig organisasjonsnummer" in response.content.decode()
    assert not Organisation.objects.exists()
    from imdi.models import Municipality

    response = client.post(
        reverse("grants:organisation_create"),
        {
            "orgnr": "974 760 673",
            "name": "Riktig AS",
            "type": "employer",
            "municipality": Municipality.objects.get(number="0301").pk,
            "membership_based": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get().orgnr == "974760673"


def test_worklist_shows_my_cases_and_overdue_reports(client_for, app, officer, approver):
    factories.decided(app, officer, approver)
    from grants import services

    services.application_transition(user=officer, application_id=app.pk, name="to_payment")
    services.payment_plan_add(
        user=officer, application_id=app.pk, amount=Decimal(1000), due_on=dt.date.today()
    )
    payment = app.payments.get()
    services.payment_register(user=officer, payment_id=payment.pk, paid_on=dt.date.today())
    services.application_transition(user=officer, application_id=app.pk, name="await_report")
    type(app).objects.filter(pk=app.pk).update(
        report_deadline=dt.date.today() - dt.timedelta(days=3)
    )
    html = client_for("grant_officer").get(reverse("grants:worklist")).content.decode()
    assert app.reference in html
    assert "forfalt" in html
    other = client_for("grant_officer2").get(reverse("grants:worklist")).content.decode()
    assert "Ingen rapporter på overtid." in other


def test_application_create_page(client_for, scheme, org):
    client = client_for("grant_officer")
    response = client.post(
        reverse("grants:application_create"),
        {
            "organisation": org.pk,
            "scheme": scheme.pk,
            "call": scheme.calls.get().pk,
            "title": "Nytt prosjekt",
            "period_start": "2025-01-01",
            "period_end": "2024-12-31",
            "amount_applied": "100000",
            "submitted": "on",
        },
    )
    assert response.status_code == 200
    assert "Prosjektet slutter før det starter." in response.content.decode()
    response = client.post(
        reverse("grants:application_create"),
        {
            "organisation": org.pk,
            "scheme": scheme.pk,
            "call": scheme.calls.get().pk,
            "title": "Nytt prosjekt",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "amount_applied": "100000",
            "submitted": "on",
        },
    )
    assert response.status_code == 302
    assert client_for("grant_approver").get(reverse("grants:application_create")).status_code == 403


def test_application_list_query_count_does_not_grow_with_the_rows(client_for, officer, scheme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("grant_officer")
    orgs = [factories.organisation(n) for n in factories.ORGNRS[:3]]
    for org in orgs:
        factories.application(officer, scheme_obj=scheme, org=org)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("grants:application_list")).status_code == 200
    for org in orgs * 4:
        factories.application(officer, scheme_obj=scheme, org=org)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("grants:application_list")).status_code == 200
    assert len(many) == len(few)


def test_application_edit_page_saves_and_refuses_after_decision(client_for, app, officer, approver):
    client = client_for("grant_officer")
    url = reverse("grants:application_edit", args=[app.pk])
    data = {
        "call": app.call_id,
        "title": "Endret tittel",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "amount_applied": "250000",
        "received_on": "2024-11-20",
    }
    assert client.post(url, data).status_code == 302
    app.refresh_from_db()
    assert app.title == "Endret tittel" and app.amount_applied == Decimal("250000")
    assert app.history.filter(kind="comment").exists()
    factories.decided(app, officer, approver)
    response = client.post(url, {**data, "title": "For sent"})
    assert "Søknaden kan ikke lenger endres." in response.content.decode()
    app.refresh_from_db()
    assert app.title == "Endret tittel"
