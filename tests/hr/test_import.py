"""The employee import: every kind of bad value is reported with row, column and a Norwegian
message, and nothing is stored; semicolon files, XLSX, replacing a year; the command."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hr.importing import COLUMNS, parse_file
from hr.models import EmployeeRecord
from hr.services import employee_records_replace
from imdi.models import AuditEvent
from tests.hr.factories import record

pytestmark = pytest.mark.django_db

GOOD = {
    "year": "2023",
    "employee_id": "A100",
    "gender": "K",
    "position_category": "saksbehandler",
    "annual_salary": "670626",
    "fte_percent": "100",
    "temporary": "false",
    "involuntary_part_time": "nei",
    "hired_in_year": "1",
    "left_in_year": "0",
    "parental_leave_weeks": "13.4",
    "sick_leave_days": "12.5",
    "agreed_work_days": "230",
}


def csv_bytes(rows, columns=COLUMNS, sep=","):
    lines = [sep.join(columns)]
    lines += [sep.join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def row(**changes):
    return {**GOOD, **changes}


def test_good_csv_is_read():
    result = parse_file(
        csv_bytes([row(), row(employee_id="A101", gender="M", temporary="ja")]), "ansatte.csv"
    )
    assert result.ok and result.years == [2023]
    first, second = result.records
    assert first["parental_leave_weeks"] == Decimal("13.4") and first["hired_in_year"] is True
    assert first["involuntary_part_time"] is False and second["temporary"] is True


def test_columns_in_any_order():
    columns = list(reversed(COLUMNS))
    result = parse_file(csv_bytes([row()], columns=columns), "a.csv")
    assert result.ok and result.records[0]["annual_salary"] == 670626


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("year", "23", "Året må være et heltall fra 2000 til 2100."),
        ("employee_id", "", "Verdien mangler."),
        ("employee_id", "01017012345", "Dette ser ut som et fødselsnummer. Bruk ansattnummeret."),
        ("gender", "X", "Kjønn må være M eller K."),
        ("position_category", "direktør", "Ukjent stillingskategori."),
        ("annual_salary", "650000.50", "Årslønnen må være hele kroner over 0."),
        ("annual_salary", "0", "Årslønnen må være hele kroner over 0."),
        ("fte_percent", "0", "Stillingsprosenten må være et tall over 0 og høyst 100."),
        ("fte_percent", "120", "Stillingsprosenten må være et tall over 0 og høyst 100."),
        ("temporary", "kanskje", "Må være true eller false (også ja/nei eller 1/0)."),
        ("parental_leave_weeks", "-1", "Ukene med foreldrepermisjon må være et tall fra 0 til 52."),
        ("sick_leave_days", "mange", "Dagene med sykefravær må være et tall fra 0 til 366."),
        ("agreed_work_days", "0", "Avtalte dagsverk må være et tall over 0 og høyst 366."),
        ("agreed_work_days", "10.125", "Høyst 2 desimaler."),
    ],
)
def test_each_bad_value_has_its_message_and_nothing_is_stored(column, value, message):
    record(employee_id="OLD", year=2023)
    data = csv_bytes([row(employee_id="A1"), {**row(employee_id="A2"), column: value}])
    result = parse_file(data, "a.csv")
    assert not result.ok and result.records == []
    problem = next(p for p in result.problems if p.column == column)
    assert problem.row == 3
    assert problem.message.startswith(message)
    # The page and the command store only a result without problems; the year is untouched.
    assert EmployeeRecord.objects.filter(year=2023).count() == 1


def test_every_problem_is_listed():
    data = csv_bytes([row(gender="X", fte_percent="0"), row(employee_id="B", year="abc")])
    problems = [(p.row, p.column) for p in parse_file(data, "a.csv").problems]
    assert problems == [(2, "gender"), (2, "fte_percent"), (3, "year")]


def test_unknown_and_missing_columns():
    columns = [c for c in COLUMNS if c != "gender"] + ["fodselsnummer"]
    problems = parse_file(csv_bytes([row()], columns=columns), "a.csv").problems
    assert {(p.row, p.column, p.message) for p in problems} == {
        (1, "fodselsnummer", "Ukjent kolonne."),
        (1, "gender", "Kolonnen mangler."),
    }


def test_duplicate_employee_in_a_year():
    problems = parse_file(csv_bytes([row(), row()]), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [(3, "employee_id")]
    assert "rad 2" in problems[0].message


def test_sick_days_cannot_exceed_agreed_days():
    problems = parse_file(csv_bytes([row(sick_leave_days="231")]), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [(2, "sick_leave_days")]


def test_semicolon_file_with_decimal_commas():
    data = csv_bytes(
        [row(fte_percent="62,5", parental_leave_weeks="5,9", sick_leave_days="1,5")], sep=";"
    )
    result = parse_file("\ufeff".encode() + data, "fra-excel.csv")
    assert result.ok
    assert result.records[0]["fte_percent"] == Decimal("62.5")
    assert result.records[0]["parental_leave_weeks"] == Decimal("5.9")


def test_not_utf8_and_wrong_kind_of_file():
    latin1 = "year,employee_id\n2023,Ø1\n".encode("latin-1")
    assert "UTF-8" in parse_file(latin1, "a.csv").problems[0].message
    assert parse_file(b"%PDF", "a.pdf").problems[0].message == "Bruk en CSV- eller XLSX-fil."
    assert not parse_file(b"not a zip", "a.xlsx").ok


def xlsx_bytes(rows, columns=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_typed_cells():
    values = [2024, "X7", "M", "toppleder", 1238300, 80, True, False, "ja", "nei", 0, 3.5, 184]
    result = parse_file(xlsx_bytes([values]), "ansatte.xlsx")
    assert result.ok, result.problems
    rec = result.records[0]
    assert rec["year"] == 2024 and rec["annual_salary"] == 1238300
    assert rec["fte_percent"] == Decimal("80") and rec["temporary"] is True
    assert rec["sick_leave_days"] == Decimal("3.5") and rec["hired_in_year"] is True


def test_xlsx_problems_have_row_numbers():
    good = [2024, "X7", "M", "toppleder", 1238300, 100, False, False, False, False, 0, 0, 230]
    bad = [2024, "X8", "F", "toppleder", 1238300, 100, False, False, False, False, 0, 0, 230]
    problems = parse_file(xlsx_bytes([good, bad]), "a.xlsx").problems
    assert [(p.row, p.column) for p in problems] == [(3, "gender")]


def test_import_replaces_only_the_years_in_the_file():
    record(year=2022, employee_id="K1")
    record(year=2023, employee_id="OLD1")
    record(year=2023, employee_id="OLD2")
    result = parse_file(csv_bytes([row(employee_id="NEW1")]), "a.csv")
    outcome = employee_records_replace(records=result.records)
    assert outcome == {"years": [2023], "created": 1, "replaced": 2}
    assert sorted(EmployeeRecord.objects.values_list("year", "employee_id")) == [
        (2022, "K1"),
        (2023, "NEW1"),
    ]
    event = AuditEvent.objects.get(action="import")
    assert event.detail == "records=1 replaced=2 years=2023"
    assert "NEW1" not in event.detail


def test_command_imports_and_fails_with_nonzero_exit(tmp_path):
    good = tmp_path / "ansatte.csv"
    good.write_bytes(csv_bytes([row(), row(employee_id="A2", year="2022")]))
    out = io.StringIO()
    call_command("import_employees", str(good), stdout=out)
    assert EmployeeRecord.objects.count() == 2
    assert "Importerte 2 poster for 2022, 2023 (erstattet 0)." in out.getvalue()

    bad = tmp_path / "feil.csv"
    bad.write_bytes(
        csv_bytes(
            [row(employee_id="Z1", year="2021"), row(employee_id="Z2", gender="Q", year="2021")]
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_employees", str(bad), stderr=err)
    assert caught.value.returncode == 1
    assert str(caught.value) == "1 feil: ingenting er lagret."
    assert "rad 3, kolonne gender: Kjønn må være M eller K." in err.getvalue()
    assert not EmployeeRecord.objects.filter(year=2021).exists()


def test_command_exit_status_from_the_shell(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "feil.csv"
    bad.write_bytes(csv_bytes([row(gender="Q")]))
    done = subprocess.run(
        [sys.executable, "manage.py", "import_employees", str(bad)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "imdi.settings_test"},
    )
    assert done.returncode != 0
