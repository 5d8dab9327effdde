"""Reading and checking an employee file (CSV or XLSX) before anything is stored.

The reader never writes: it returns the clean records and every problem it found (row number
as the spreadsheet shows it, column, a message), and the service stores the records only when
there is no problem at all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hr.models import RECORD_FIGURES, Gender, PositionCategory

COLUMNS = ["year", "employee_id", *RECORD_FIGURES]
BOOLEAN_COLUMNS = ["temporary", "involuntary_part_time", "hired_in_year", "left_in_year"]
TRUE_WORDS = {"true", "ja", "1"}
FALSE_WORDS = {"false", "nei", "0"}
EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
NATIONAL_ID = re.compile(r"^\d{11}$")
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ParseResult:
    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def years(self) -> list[int]:
        return sorted({r["year"] for r in self.records})


def parse_file(data: bytes, filename: str) -> ParseResult:
    """Read the file's rows and check every value."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            header, rows = _read_xlsx(data)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            return ParseResult(
                problems=[Problem(1, "", _("The file is not a readable XLSX workbook."))]
            )
        return _check(header, rows, decimal_comma=False)
    if name.endswith((".csv", ".txt")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ParseResult(
                problems=[Problem(1, "", _("The file is not UTF-8 text. Save it as CSV UTF-8."))]
            )
        header, rows, semicolon = _read_csv(text)
        return _check(header, rows, decimal_comma=semicolon)
    return ParseResult(problems=[Problem(1, "", _("Use a CSV or XLSX file."))])


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]], bool]:
    first_line = text.split("\n", 1)[0]
    semicolon = ";" in first_line and "," not in first_line
    reader = csv.reader(io.StringIO(text), delimiter=";" if semicolon else ",")
    header: list[str] = []
    rows = []
    for index, values in enumerate(reader, start=1):
        if index == 1:
            header = values
            continue
        rows.append((index, values))
    return header, rows, semicolon


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        header: list[str] = []
        rows = []
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(v) for v in values]
            if index == 1:
                while texts and texts[-1] == "":
                    texts.pop()
                header = texts
                continue
            rows.append((index, texts))
        return header, rows
    finally:
        book.close()


def _decimal(text: str, decimal_comma: bool) -> Decimal:
    cleaned = text.replace("\xa0", "").replace(" ", "")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise InvalidOperation
    return Decimal(cleaned)


def _check(header: list[str], rows, *, decimal_comma: bool) -> ParseResult:
    result = ParseResult()
    problems = result.problems
    names = [h.strip().lower() for h in header]
    if not any(names):
        problems.append(Problem(1, "", _("The file has no header row.")))
        return result
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(Problem(1, name, _("The column appears twice.")))
        elif name not in COLUMNS:
            problems.append(Problem(1, name, _("Unknown column.")))
        seen.add(name)
    for column in COLUMNS:
        if column not in seen:
            problems.append(Problem(1, column, _("Missing column.")))
    if problems:
        return result

    first_row_of: dict[tuple[int, str], int] = {}
    data_rows = [(i, v) for i, v in rows if any(str(x).strip() for x in v)]
    if not data_rows:
        problems.append(Problem(1, "", _("The file holds no employee records.")))
        return result
    if len(data_rows) > MAX_ROWS:
        problems.append(
            Problem(1, "", _("The file holds more than %(max)s rows.") % {"max": MAX_ROWS})
        )
        return result

    for row_number, values in data_rows:
        if len(values) > len(names) and any(str(v).strip() for v in values[len(names) :]):
            problems.append(Problem(row_number, "", _("The row has more values than the header.")))
            continue
        raw = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(names)}
        record, row_problems = _check_row(row_number, raw, decimal_comma)
        problems.extend(row_problems)
        if record is None:
            continue
        key = (record["year"], record["employee_id"])
        if key in first_row_of:
            problems.append(
                Problem(
                    row_number,
                    "employee_id",
                    _("The employee number appears twice for %(year)s (also in row %(row)s).")
                    % {"year": record["year"], "row": first_row_of[key]},
                )
            )
            continue
        first_row_of[key] = row_number
        result.records.append(record)
    if problems:
        result.records = []
    return result


def _check_row(row_number: int, raw: dict, decimal_comma: bool) -> tuple[dict | None, list]:
    problems: list[Problem] = []
    record: dict = {}

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row_number, column, message))

    def required(column: str) -> str | None:
        value = raw[column]
        if value == "":
            problem(column, _("A value is required."))
            return None
        return value

    value = required("year")
    if value is not None:
        if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
            record["year"] = int(value)
        else:
            problem(
                "year",
                _("The year must be a whole number from %(min)s to %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR},
            )

    value = required("employee_id")
    if value is not None:
        if NATIONAL_ID.match(value):
            problem(
                "employee_id",
                _("This looks like a national identity number. Use the staff number."),
            )
        elif not EMPLOYEE_ID.match(value):
            problem(
                "employee_id",
                _("The employee number may hold letters, digits, '-', '_' and '.', at most 32."),
            )
        else:
            record["employee_id"] = value

    value = required("gender")
    if value is not None:
        if value.upper() in Gender.values:
            record["gender"] = value.upper()
        else:
            problem("gender", _("The gender must be M or K."))

    value = required("position_category")
    if value is not None:
        if value.lower() in PositionCategory.values:
            record["position_category"] = value.lower()
        else:
            problem(
                "position_category",
                _("Unknown position category. Use one of: %(choices)s.")
                % {"choices": ", ".join(PositionCategory.values)},
            )

    value = required("annual_salary")
    if value is not None:
        cleaned = value.replace("\xa0", "").replace(" ", "")
        if cleaned.isdigit() and 0 < int(cleaned) < 100_000_000:
            record["annual_salary"] = int(cleaned)
        else:
            problem("annual_salary", _("The annual salary must be whole kroner above 0."))

    def decimal(column: str, *, above_zero: bool, at_most: Decimal, message: str) -> None:
        value = required(column)
        if value is None:
            return
        try:
            number = _decimal(value, decimal_comma)
        except InvalidOperation:
            problem(column, message)
            return
        if (number <= 0 if above_zero else number < 0) or number > at_most:
            problem(column, message)
        elif number.as_tuple().exponent < -2:
            problem(column, _("At most 2 decimals."))
        else:
            record[column] = number

    decimal(
        "fte_percent",
        above_zero=True,
        at_most=Decimal(100),
        message=_("The position size must be a number above 0 and at most 100."),
    )
    for column in BOOLEAN_COLUMNS:
        value = required(column)
        if value is None:
            continue
        word = value.lower()
        if word in TRUE_WORDS:
            record[column] = True
        elif word in FALSE_WORDS:
            record[column] = False
        else:
            problem(column, _("Must be true or false (also ja/nei or 1/0)."))
    decimal(
        "parental_leave_weeks",
        above_zero=False,
        at_most=Decimal(52),
        message=_("The weeks of parental leave must be a number from 0 to 52."),
    )
    decimal(
        "sick_leave_days",
        above_zero=False,
        at_most=Decimal(366),
        message=_("The days of sick leave must be a number from 0 to 366."),
    )
    decimal(
        "agreed_work_days",
        above_zero=True,
        at_most=Decimal(366),
        message=_("The agreed work days must be a number above 0 and at most 366."),
    )
    if (
        "sick_leave_days" in record
        and "agreed_work_days" in record
        and record["sick_leave_days"] > record["agreed_work_days"]
    ):
        problem("sick_leave_days", _("The days of sick leave exceed the agreed work days."))
    if problems:
        return None, problems
    return record, problems
