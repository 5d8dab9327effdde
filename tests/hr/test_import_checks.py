"""The import's checks row by row and column by column give the same problems and records:
a file with every kind of problem gives exactly the list written here (as the import listed it
before the checks went column by column), a good file gives the records a plain reading of its
rows gives, and the checked records kept between upload and confirmation are the ones stored."""

import csv
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hr.importing import COLUMNS, MAX_ROWS, Records, parse_file
from hr.models import EmployeeRecord
from hr.services import employee_records_replace
from hr.views import IMPORT_SESSION_KEY

pytestmark = pytest.mark.django_db

GOOD = ["2023", "A1", "K", "saksbehandler", "670626", "100", "false", "nei", "1", "0", "13.4"]
GOOD += ["12.5", "230"]


def row(i, **changes):
    values = list(GOOD)
    values[1] = f"A{i}"
    for column, value in changes.items():
        values[COLUMNS.index(column)] = value
    return values


def csv_bytes(rows, delimiter=",", header=COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


EVERY_PROBLEM = [
    row(1),
    row(2, year="23"),
    row(3, year="abc", gender="X"),
    row(4, year=""),
    row(5, year="2101"),
    row(6, employee_id=""),
    row(7, employee_id="01017012345"),
    row(8, employee_id="A" * 33),
    row(9, employee_id="-A"),
    row(10, gender="k"),
    row(11, gender=" m "),
    row(12, gender="MK"),
    row(13, position_category="SAKSBEHANDLER"),
    row(14, position_category="direktør"),
    row(15, annual_salary="650 000"),
    row(16, annual_salary="650\xa0000"),
    row(17, annual_salary="650000.50"),
    row(18, annual_salary="0"),
    row(19, annual_salary="100000000"),
    row(20, annual_salary="-5"),
    row(21, fte_percent="0"),
    row(22, fte_percent="100.001"),
    row(23, fte_percent="2,5"),
    row(24, fte_percent=".5"),
    row(25, fte_percent="5."),
    row(26, fte_percent="+5"),
    row(27, fte_percent="1e2"),
    row(28, temporary="JA", involuntary_part_time="True", hired_in_year=" 1 ", left_in_year="?"),
    row(29, parental_leave_weeks="-0"),
    row(30, parental_leave_weeks="53"),
    row(31, parental_leave_weeks="-1"),
    row(32, sick_leave_days="mange"),
    row(33, sick_leave_days="231"),
    row(34, sick_leave_days="231", agreed_work_days="x"),
    row(35, agreed_work_days="0"),
    row(36, agreed_work_days="10.125"),
    row(37, agreed_work_days="366.00"),
    ["", "", ""],
    ["  ", " "],
    row(1),
    row(2),
    row(1, year="2024"),
    [*row(38), "", " "],
    [*row(39), "extra"],
    row(40)[:5],
    ["", "", "", "", "", "", "", "", "", "", "", "", ""],
    row(3),
    row(42, employee_id="A.b_c-9", year=" 2024 "),
]

# As the import listed them before its checks went column by column (same rows, same order).
EVERY_PROBLEM_LISTED = [
    (3, "year", "Året må være et heltall fra 2000 til 2100."),
    (4, "year", "Året må være et heltall fra 2000 til 2100."),
    (4, "gender", "Kjønn må være M eller K."),
    (5, "year", "Verdien mangler."),
    (6, "year", "Året må være et heltall fra 2000 til 2100."),
    (7, "employee_id", "Verdien mangler."),
    (8, "employee_id", "Dette ser ut som et fødselsnummer. Bruk ansattnummeret."),
    (
        9,
        "employee_id",
        "Ansattnummeret kan bare ha bokstaver, sifre, «-», «_» og «.», høyst 32 tegn.",
    ),
    (
        10,
        "employee_id",
        "Ansattnummeret kan bare ha bokstaver, sifre, «-», «_» og «.», høyst 32 tegn.",
    ),
    (13, "gender", "Kjønn må være M eller K."),
    (
        15,
        "position_category",
        "Ukjent stillingskategori. Bruk en av: toppleder, mellomleder, alternativ_karrierevei, saksbehandler, konsulent_sekretaer, laerling.",
    ),
    (18, "annual_salary", "Årslønnen må være hele kroner over 0."),
    (19, "annual_salary", "Årslønnen må være hele kroner over 0."),
    (20, "annual_salary", "Årslønnen må være hele kroner over 0."),
    (21, "annual_salary", "Årslønnen må være hele kroner over 0."),
    (22, "fte_percent", "Stillingsprosenten må være et tall over 0 og høyst 100."),
    (23, "fte_percent", "Stillingsprosenten må være et tall over 0 og høyst 100."),
    (24, "fte_percent", "Stillingsprosenten må være et tall over 0 og høyst 100."),
    (28, "fte_percent", "Stillingsprosenten må være et tall over 0 og høyst 100."),
    (29, "left_in_year", "Må være true eller false (også ja/nei eller 1/0)."),
    (31, "parental_leave_weeks", "Ukene med foreldrepermisjon må være et tall fra 0 til 52."),
    (32, "parental_leave_weeks", "Ukene med foreldrepermisjon må være et tall fra 0 til 52."),
    (33, "sick_leave_days", "Dagene med sykefravær må være et tall fra 0 til 366."),
    (34, "sick_leave_days", "Dagene med sykefravær er flere enn avtalte dagsverk."),
    (35, "agreed_work_days", "Avtalte dagsverk må være et tall over 0 og høyst 366."),
    (36, "agreed_work_days", "Avtalte dagsverk må være et tall over 0 og høyst 366."),
    (37, "agreed_work_days", "Høyst 2 desimaler."),
    (41, "employee_id", "Ansattnummeret står to ganger for 2023 (også i rad 2)."),
    (45, "", "Raden har flere verdier enn overskriftsraden."),
    (46, "fte_percent", "Verdien mangler."),
    (46, "temporary", "Verdien mangler."),
    (46, "involuntary_part_time", "Verdien mangler."),
    (46, "hired_in_year", "Verdien mangler."),
    (46, "left_in_year", "Verdien mangler."),
    (46, "parental_leave_weeks", "Verdien mangler."),
    (46, "sick_leave_days", "Verdien mangler."),
    (46, "agreed_work_days", "Verdien mangler."),
]


@pytest.mark.parametrize("kind", ["plain", "quoted", "crlf"])
def test_a_file_with_every_kind_of_problem_lists_exactly_these(kind):
    data = csv_bytes(EVERY_PROBLEM)
    if kind == "quoted":  # csv.reader reads this one; the plain one is split directly
        data = data.replace(b"A13,", b'"A13",')
    if kind == "crlf":
        data = data.replace(b"\n", b"\r\n")
    result = parse_file(data, "ansatte.csv")
    assert [(p.row, p.column, p.message) for p in result.problems] == EVERY_PROBLEM_LISTED
    assert result.records == [] and not result.ok


def test_semicolon_file_problems():
    rows = [
        row(1, fte_percent="62,5", sick_leave_days="1 234,5", agreed_work_days="230,25"),
        row(2, fte_percent="2.5"),
        row(3, parental_leave_weeks="1,234"),
        row(4, agreed_work_days="1,5", sick_leave_days="2"),
    ]
    problems = parse_file(csv_bytes(rows, delimiter=";"), "a.csv").problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, "sick_leave_days", "Dagene med sykefravær må være et tall fra 0 til 366."),
        (4, "parental_leave_weeks", "Høyst 2 desimaler."),
        (5, "sick_leave_days", "Dagene med sykefravær er flere enn avtalte dagsverk."),
    ]


def test_digits_int_cannot_read_are_a_problem_not_an_error():
    rows = [row(1, year="²"), row(2, annual_salary="9" * 5000)]
    problems = parse_file(csv_bytes(rows), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [(2, "year"), (3, "annual_salary")]


def test_problems_far_down_a_full_file_have_their_row_numbers():
    rows = [row(i) for i in range(MAX_ROWS)]
    rows[9_999][COLUMNS.index("gender")] = "X"
    rows[-1][1] = "A0"
    problems = parse_file(csv_bytes(rows), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [
        (10_001, "gender"),
        (MAX_ROWS + 1, "employee_id"),
    ]
    assert "rad 2)" in problems[-1].message
    too_many = parse_file(csv_bytes([row(i) for i in range(MAX_ROWS + 1)]), "a.csv").problems
    assert [(p.row, p.column) for p in too_many] == [(1, "")]


def expected_record(values: list[str], decimal_comma=False) -> dict:
    """A plain reading of one good row, written out for the test."""
    v = dict(zip(COLUMNS, (x.strip() for x in values), strict=True))

    def number(text):
        text = text.replace(" ", "").replace("\xa0", "")
        return Decimal(text.replace(",", ".") if decimal_comma else text)

    return {
        "year": int(v["year"]),
        "employee_id": v["employee_id"],
        "gender": v["gender"].upper(),
        "position_category": v["position_category"].lower(),
        "annual_salary": int(v["annual_salary"].replace(" ", "").replace("\xa0", "")),
        "fte_percent": number(v["fte_percent"]),
        **{
            c: v[c].lower() in ("true", "ja", "1")
            for c in ["temporary", "involuntary_part_time", "hired_in_year", "left_in_year"]
        },
        "parental_leave_weeks": number(v["parental_leave_weeks"]),
        "sick_leave_days": number(v["sick_leave_days"]),
        "agreed_work_days": number(v["agreed_work_days"]),
    }


GOOD_VARIANTS = [
    row(1),
    row(2, year="2024", gender="m", position_category="TOPPLEDER", annual_salary="1 200 000"),
    row(3, temporary="JA", involuntary_part_time="Nei", hired_in_year="TRUE", left_in_year="1"),
    row(4, fte_percent="62.50", parental_leave_weeks="0.5", sick_leave_days=".5"),
    row(5, year=" 2023 ", employee_id=" B-7.x_1 ", annual_salary="650\xa0000"),
    row(6, agreed_work_days="366", sick_leave_days="366", parental_leave_weeks="52"),
    row(1, year="2024"),
]


@pytest.mark.parametrize("delimiter", [",", ";", "crlf"])
def test_good_rows_give_the_records_a_plain_reading_gives(delimiter):
    rows = GOOD_VARIANTS
    if delimiter == ";":
        rows = [[x.replace(".", ",") if i >= 5 else x for i, x in enumerate(r)] for r in rows]
    data = csv_bytes(rows, delimiter=delimiter.replace("crlf", ","))
    if delimiter == "crlf":
        data = data.replace(b"\n", b"\r\n")
    result = parse_file(data, "a.csv")
    assert result.ok, result.problems
    expected = [expected_record(r, decimal_comma=delimiter == ";") for r in rows]
    assert list(result.records) == expected
    assert result.years == [2023, 2024]
    assert result.year_counts() == {2023: 5, 2024: 2}


def canonical_file(delimiter=",", columns=COLUMNS) -> bytes:
    """Every value written as it is stored: the import hands the file's own lines to COPY."""
    flags = {"temporary": "true", "involuntary_part_time": "false"}
    flags |= {"hired_in_year": "true", "left_in_year": "false"}
    rows = [row(i, **flags) for i in range(5)] + [row(9, year="2024", **flags)]
    rows = [[r[COLUMNS.index(c)] for c in columns] for r in rows]
    data = csv_bytes(rows, delimiter=delimiter, header=columns)
    form = parse_file(data, "a.csv").records.checked_form()
    assert form.split("\n", 2)[2] == data.decode().split("\n", 1)[1]
    return data


# A blank row between the good ones (skipped), then one more employee.
WITH_BLANK_ROW = (
    canonical_file() + b",,,,,,,,,,,,\n" + canonical_file().split(b"\n")[1].replace(b"A0,", b"C0,")
)


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(GOOD_VARIANTS),
        canonical_file(),
        canonical_file(delimiter=";", columns=list(reversed(COLUMNS))),
        WITH_BLANK_ROW,
    ],
    ids=["made", "own-lines", "own-lines-reversed", "blank-row"],
)
def test_checked_form_gives_back_the_same_records(data):
    records = parse_file(data, "a.csv").records
    form = records.checked_form()
    again = Records.from_checked_form(form)
    assert again.year_counts() == records.year_counts() and len(again) == len(records)
    assert list(again) == list(records)
    for broken in [form + form.splitlines(keepends=True)[-1], form[:-1], "x" + form]:
        with pytest.raises(ValueError):
            Records.from_checked_form(broken)


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(GOOD_VARIANTS),
        canonical_file(delimiter=";", columns=list(reversed(COLUMNS))),
        WITH_BLANK_ROW,
    ],
    ids=["made", "own-lines", "blank-row"],
)
def test_stored_records_are_the_checked_ones(data):
    records = parse_file(data, "a.csv").records
    expected = sorted((r["year"], r["employee_id"], tuple(r.values())) for r in records)
    employee_records_replace(records=records)
    stored = sorted(
        (r["year"], r["employee_id"], tuple(r[c] for c in COLUMNS))
        for r in EmployeeRecord.objects.values(*COLUMNS)
    )
    assert stored == expected


def test_confirm_refuses_a_checked_file_that_changed(client_for):
    client = client_for("hr")
    upload = SimpleUploadedFile("a.csv", csv_bytes([row(1), row(2)]), content_type="text/csv")
    confirm_url = client.post(reverse("hr:import"), {"file": upload})["Location"]
    html = client.get(confirm_url).content.decode()
    assert '<th scope="row">2023</th><td class="num">2</td>' in html
    pending = client.session[IMPORT_SESSION_KEY]
    storage = storages["private"]
    form = storage.open(pending["path"]).read()
    assert hashlib.sha256(form).hexdigest() == pending["sha256"]
    # Someone swaps the kept file for another (here: a third employee added).
    storage.delete(pending["path"])
    storage.save(
        pending["path"], io.BytesIO(form + form.splitlines(keepends=True)[-1].replace(b"A2", b"A3"))
    )
    response = client.post(confirm_url, {"confirm": "1"}, follow=True)
    assert "Den opplastede filen finnes ikke lenger" in response.content.decode()
    assert not EmployeeRecord.objects.exists()
    assert not storage.exists(pending["path"])


def test_confirm_stores_what_the_upload_checked(client_for):
    client = client_for("hr")
    data = csv_bytes(GOOD_VARIANTS)
    confirm_url = client.post(reverse("hr:import"), {"file": SimpleUploadedFile("a.csv", data)})[
        "Location"
    ]
    assert client.post(confirm_url, {"confirm": "1"}).status_code == 302
    stored = list(EmployeeRecord.objects.order_by("pk").values(*COLUMNS))
    assert stored == [expected_record(r) for r in GOOD_VARIANTS]


def test_blank_rows_are_skipped_and_keep_the_row_numbers():
    rows = [row(1), [""] * len(COLUMNS), row(2, gender="X"), [" "] * len(COLUMNS), row(3)]
    problems = parse_file(csv_bytes(rows), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [(4, "gender")]
    result = parse_file(csv_bytes([row(1), [""] * len(COLUMNS), row(2)]), "a.csv")
    assert result.ok and [r["employee_id"] for r in result.records] == ["A1", "A2"]
    # Every column holds a blank value, but no row is blank: each of them is a problem.
    rows = [row(i, **{column: ""}) for i, column in enumerate(COLUMNS)]
    problems = parse_file(csv_bytes(rows), "a.csv").problems
    assert [(p.row, p.column) for p in problems] == [
        (i + 2, column) for i, column in enumerate(COLUMNS)
    ]


def test_import_raises_the_version_of_the_cached_hr_figures(django_capture_on_commit_callbacks):
    from imdi import datacache

    before = datacache.version("hr")
    records = parse_file(canonical_file(), "a.csv").records
    with django_capture_on_commit_callbacks(execute=True):
        employee_records_replace(records=records)
    assert datacache.version("hr") != before
