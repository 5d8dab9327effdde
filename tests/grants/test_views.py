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


def test_worklist_lists_the_coming_two_weeks_nearest_first(client_for, officer, approver):
    """A report due in 10 days and a call closing in 3 days are listed, the call first; a
    report due in 20 days is not."""
    from grants.models import Call

    js = factories.scheme("jobbsjansen")
    today = dt.date.today()
    first = factories.decided(
        factories.application(officer, scheme_obj=js, org=factories.organisation()),
        officer,
        approver,
    )
    second = factories.decided(
        factories.application(officer, scheme_obj=js, org=first.organisation, title="Andre"),
        officer,
        approver,
    )
    type(first).objects.filter(pk=first.pk).update(
        status=Status.AWAITING_REPORT, report_deadline=today + dt.timedelta(days=10)
    )
    type(first).objects.filter(pk=second.pk).update(
        status=Status.AWAITING_REPORT, report_deadline=today + dt.timedelta(days=20)
    )
    Call.objects.create(
        scheme=js,
        year=today.year + 1,
        title="Utlysning neste år",
        opens_on=today - dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=3),
    )
    html = client_for("grant_officer").get(reverse("grants:worklist")).content.decode()
    upcoming = html.split("Frister de neste to ukene", 1)[1].split("</table>", 1)[0]
    assert first.reference in upcoming and second.reference not in upcoming
    assert upcoming.index("Utlysning neste år") < upcoming.index(first.reference)
    assert (today + dt.timedelta(days=10)).strftime("%d.%m.%Y") in upcoming


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


def _titles(client, **params):
    """The project titles of the list's rows, in the order shown."""
    import re

    html = client.get(reverse("grants:application_list"), params).content.decode()
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("<tr")[1:]]
    return [re.sub(r"<[^>]+>", "", r[1]).strip() for r in rows if len(r) > 1]


def test_application_list_every_filter_sorting_paging_and_ordered_export(
    client_for, officer, officer2, approver
):
    js = factories.scheme("jobbsjansen", year=2025)
    mf = factories.scheme("mangfold", year=2024, four_eyes=False)
    oslo = factories.organisation(factories.ORGNRS[0], number="0301")
    bergen = factories.organisation(factories.ORGNRS[1], number="4601", type="voluntary")
    a = factories.application(officer, scheme_obj=js, org=oslo, title="A-Oslo", amount=300)
    b = factories.application(officer2, scheme_obj=mf, org=bergen, title="B-Bergen", amount=100)
    c = factories.application(officer, scheme_obj=js, org=bergen, title="C-Bergen", amount=200)
    factories.decided(c, officer, approver, outcome="partly_granted", amount=Decimal(150))
    type(b).objects.filter(pk=b.pk).update(officer=officer2)
    client = client_for("grant_officer")

    assert set(_titles(client, scheme=mf.pk)) == {"B-Bergen"}
    assert set(_titles(client, year=2025)) == {"A-Oslo", "C-Bergen"}
    assert set(_titles(client, status="decided")) == {"C-Bergen"}
    assert set(_titles(client, municipality=bergen.municipality_id)) == {"B-Bergen", "C-Bergen"}
    assert set(_titles(client, organisation_type="municipality")) == {"A-Oslo"}
    assert set(_titles(client, officer=officer2.username)) == {"B-Bergen"}
    assert set(_titles(client, q=a.reference)) == {"A-Oslo"}
    assert _titles(client, q=a.reference.replace(str(a.year), "1999")) == []
    assert set(_titles(client, q=bergen.orgnr)) == {"B-Bergen", "C-Bergen"}
    # Filters combine.
    assert _titles(client, scheme=js.pk, municipality=bergen.municipality_id) == ["C-Bergen"]
    # A filter the form cannot read shows nothing and says so, and exports nothing.
    response = client.get(reverse("grants:application_list"), {"year": "tjue"})
    assert "Filteret kunne ikke leses" in response.content.decode()
    assert _titles(client, year="tjue") == []
    csv_body = client.get(
        reverse("grants:application_list"), {"year": "tjue", "export": "csv"}
    ).content.decode("utf-8-sig")
    assert len(csv_body.splitlines()) == 1

    # Sorting by the amount applied for, both ways.
    assert _titles(client, sort="amount_applied") == ["B-Bergen", "C-Bergen", "A-Oslo"]
    assert _titles(client, sort="-amount_applied") == ["A-Oslo", "C-Bergen", "B-Bergen"]
    # Status sorts by the case flow: submitted (A, B) before decided (C); by code
    # ("decided" < "submitted") it would be the other way round.
    assert _titles(client, sort="status")[-1] == "C-Bergen"
    assert _titles(client, sort="-status")[0] == "C-Bergen"
    # The export follows the order on screen and carries the amount granted.
    body = client.get(
        reverse("grants:application_list"), {"sort": "amount_applied", "export": "csv"}
    ).content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].split(";")[:2] == ["Referanse", "Prosjekt"]
    assert [line.split(";")[1] for line in lines[1:]] == ["B-Bergen", "C-Bergen", "A-Oslo"]
    header = lines[0].split(";")
    granted = {line.split(";")[1]: line.split(";")[header.index("Innvilget")] for line in lines[1:]}
    assert granted == {"B-Bergen": "", "C-Bergen": "150,00", "A-Oslo": ""}


def test_application_list_pages_by_25(client_for, officer, scheme, org):
    from grants.models import Application

    call = scheme.calls.first()
    Application.objects.bulk_create(
        Application(
            organisation=org,
            scheme=scheme,
            call=call,
            year=call.year,
            title=f"Prosjekt {i:02d}",
            period_start=dt.date(call.year, 1, 1),
            period_end=dt.date(call.year, 12, 31),
            amount_applied=Decimal(1000 + i),
            status="submitted",
            officer=officer,
        )
        for i in range(30)
    )
    client = client_for("grant_officer")
    first = _titles(client, sort="title")
    second = _titles(client, sort="title", page=2)
    assert first == [f"Prosjekt {i:02d}" for i in range(25)]
    assert second == [f"Prosjekt {i:02d}" for i in range(25, 30)]
    html = client.get(reverse("grants:application_list")).content.decode()
    assert "30 treff" in html


def test_worklist_shows_repayments_past_their_due_date(client_for, app, officer, approver):
    from grants.models import RepaymentClaim

    factories.decided(app, officer, approver)
    today = dt.date.today()
    late = RepaymentClaim.objects.create(
        application=app,
        amount=Decimal(12500),
        reason="Ubrukte midler.",
        claimed_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=10),
    )
    RepaymentClaim.objects.create(
        application=app,
        amount=Decimal(777),
        reason="Betalt.",
        claimed_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=10),
        repaid_on=today - dt.timedelta(days=12),
    )
    html = client_for("grant_officer").get(reverse("grants:worklist")).content.decode()
    section = html.split("Tilbakebetalinger som ikke er mottatt", 1)[1].split("</table>", 1)[0]
    assert "12\xa0500\xa0kr" in section and late.due_on.strftime("%d.%m.%Y") in section
    assert "777" not in section  # repaid
    other = client_for("grant_officer2").get(reverse("grants:worklist")).content.decode()
    assert "Tilbakebetalinger som ikke er mottatt" not in other


def test_organisation_list_is_by_name(client_for, db):
    for orgnr, name in zip(factories.ORGNRS[:3], ["Cflo AS", "Aasen AS", "Berg AS"], strict=True):
        Organisation.objects.create(
            orgnr=orgnr, name=name, type="employer", municipality=factories.municipality("0301")
        )
    html = client_for("grant_officer").get(reverse("grants:organisation_list")).content.decode()
    assert html.index("Aasen AS") < html.index("Berg AS") < html.index("Cflo AS")
