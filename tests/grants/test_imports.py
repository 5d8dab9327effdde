"""Imports are all or nothing: one bad row saves nothing, and every problem is listed."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from grants import services
from grants.imports import APPLICATION_COLUMNS, PARTICIPANT_COLUMNS, ImportFailed
from grants.models import Application, Organisation, Participant
from imdi.models import AuditEvent
from tests.grants import factories

pytestmark = pytest.mark.django_db


def _csv(rows, name="fil.csv"):
    text = "\n".join(";".join(str(v) for v in r) for r in rows)
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _xlsx(rows, name="fil.xlsx"):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _app_row(**overrides):
    row = {
        "referanse": "P-1",
        "orgnr": factories.ORGNRS[2],
        "organisasjon": "Drammen kommune",
        "organisasjonstype": "kommune",
        "kommunenummer": "3301",
        "ordning": "jobbsjansen",
        "år": "2025",
        "tittel": "Jobbsjansen Drammen",
        "beskrivelse": "",
        "startdato": "01.01.2025",
        "sluttdato": "31.12.2025",
        "søkt beløp": "450 000",
        "planlagte deltakere": "15",
        "målgruppe": "",
        "mottatt": "15.11.2024",
    }
    row.update(overrides)
    return [row[c] for c in APPLICATION_COLUMNS]


def test_application_import_saves_every_row(officer, scheme):
    rows = [APPLICATION_COLUMNS, _app_row(), _app_row(referanse="P-2", tittel="Runde 2")]
    created = services.applications_import(user=officer, uploaded=_csv(rows))
    assert len(created) == 2
    app = Application.objects.get(external_ref="P-1")
    assert app.amount_applied == Decimal("450000")
    assert app.status == "submitted" and app.call == scheme.calls.get()
    assert app.organisation.municipality.number == "3301"
    assert Organisation.objects.filter(orgnr=factories.ORGNRS[2]).count() == 1
    assert AuditEvent.objects.filter(action="import", object_type="grants.application").exists()


def test_application_import_with_problems_saves_nothing_and_lists_them_all(officer, scheme):
    rows = [
        APPLICATION_COLUMNS,
        _app_row(),
        _app_row(referanse="P-2", orgnr="123456789", **{"søkt beløp": "mye"}),
        _app_row(referanse="P-3", ordning="ukjent", sluttdato="31.12.2024"),
    ]
    with pytest.raises(ImportFailed) as exc:
        services.applications_import(user=officer, uploaded=_csv(rows))
    found = {(p.row, p.column) for p in exc.value.problems}
    assert found == {(3, "orgnr"), (3, "søkt beløp"), (4, "ordning"), (4, "sluttdato")}
    assert "Rad 3, kolonne orgnr: Ikke et gyldig organisasjonsnummer." in [
        str(p) for p in exc.value.problems
    ]
    assert not Application.objects.exists()
    assert not Organisation.objects.filter(orgnr=factories.ORGNRS[2]).exists()


def test_application_import_refuses_a_missing_column_and_repeated_import(officer, scheme):
    header = [c for c in APPLICATION_COLUMNS if c != "tittel"]
    with pytest.raises(ImportFailed) as exc:
        services.applications_import(user=officer, uploaded=_csv([header]))
    assert [(p.row, p.column) for p in exc.value.problems] == [(1, "tittel")]
    services.applications_import(user=officer, uploaded=_xlsx([APPLICATION_COLUMNS, _app_row()]))
    with pytest.raises(ImportFailed, match="1 problems"):
        services.applications_import(
            user=officer, uploaded=_xlsx([APPLICATION_COLUMNS, _app_row()])
        )
    assert Application.objects.count() == 1


@pytest.fixture
def project(officer, approver, org):
    s = factories.scheme("js", has_participants=True)
    a = factories.application(officer, scheme_obj=s, org=org)
    return factories.decided(a, officer, approver)


def test_participant_import_from_xlsx(officer, project):
    rows = [
        PARTICIPANT_COLUMNS,
        [project.reference, "A1", 1988, "Syria", "01.02.2025", "01.12.2025", "arbeid"],
        [project.reference, "A2", 1990, "Eritrea", "01.02.2025", "", ""],
    ]
    created = services.participants_import(user=officer, uploaded=_xlsx(rows))
    assert len(created) == 2
    assert Participant.objects.get(pseudonym="A1").outcome == "work"
    assert Participant.objects.get(pseudonym="A2").end_date is None


def test_participant_import_all_or_nothing(officer, project):
    rows = [
        PARTICIPANT_COLUMNS,
        [project.reference, "A1", 1988, "Syria", "01.02.2025", "01.12.2025", "arbeid"],
        [project.reference, "A1", 1988, "Syria", "01.02.2025", "", ""],
        ["TS-2025-99999", "A3", 1870, "", "01.02.2025", "01.01.2025", "kanskje"],
        [project.reference, "A4", 1990, "Irak", "01.02.2025", "01.06.2025", ""],
    ]
    with pytest.raises(ImportFailed) as exc:
        services.participants_import(user=officer, uploaded=_csv(rows))
    found = {(p.row, p.column) for p in exc.value.problems}
    assert found == {
        (3, "pseudonym"),
        (4, "prosjekt"),
        (4, "fødselsår"),
        (4, "fødeland"),
        (4, "resultat"),
        (4, "sluttdato"),
        (5, "resultat"),
    }
    assert not Participant.objects.exists()


def test_import_page_lists_problems(client_for, project):
    client = client_for("grant_officer")
    rows = [PARTICIPANT_COLUMNS, [project.reference, "A1", "nitten", "Syria", "x", "", ""]]
    response = client.post("/tilskudd/jobbsjansen/import/", {"file": _csv(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingenting ble importert" in html
    assert "Ikke et heltall." in html and "Ikke en dato" in html
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    "raw", ["NaN", "sNaN", "Infinity", "-inf", "1E+20", "1000000000000", "12,345", float("nan")]
)
def test_an_amount_the_register_cannot_hold_is_a_problem_not_a_server_error(raw):
    from grants.imports import parse_amount

    with pytest.raises(ValueError):
        parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("450 000", "450000"), ("1 238 300 kr", "1238300"), ("12,50", "12.50"), (99.5, "99.5")],
)
def test_amounts_as_people_write_them(raw, expected):
    from decimal import Decimal

    from grants.imports import parse_amount

    assert parse_amount(raw) == Decimal(expected)
