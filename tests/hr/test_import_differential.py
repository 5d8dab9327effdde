"""A differential test: random employee files (good and bad values, blank, short and long rows,
quotes, CRLF, both delimiters) give exactly the problems and records that the import's earlier
row-by-row checks give. Those checks are kept below as the reference, unchanged (from
hr/importing.py before its checks went column by column)."""

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hr.importing import (
    BOOLEAN_COLUMNS,
    COLUMNS,
    EMPLOYEE_ID,
    FALSE_WORDS,
    MAX_ROWS,
    MAX_YEAR,
    MIN_YEAR,
    NATIONAL_ID,
    TRUE_WORDS,
    Problem,
    Records,
    parse_file,
)
from hr.models import Gender, PositionCategory


class ParseResult:
    def __init__(self):
        self.records = []
        self.problems = []


# --- The reference: the earlier checks, row by row -------------------------------------------


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


# --- Random files ------------------------------------------------------------------------------

VALUES = {
    "year": ["2023", "2024", " 2023 ", "23", "", "abc", "2101", "1999", "٢٠٢٣"],
    "employee_id": ["A1", "A2", "A1 ", "b.2_x-3", "", "01017012345", "-A", "A" * 33, "Ø1"],
    "gender": ["K", "M", "k", " m ", "", "X", "MK"],
    "position_category": ["saksbehandler", "TOPPLEDER", "laerling", "", "direktør"],
    "annual_salary": ["670626", "650 000", "650\xa0000", "0", "", "-5", "100000000", "1,5", "７"],
    "fte_percent": ["100", "62.5", "62,5", "0", "100.001", ".5", "5.", "+5", "", "1e2", " 50 "],
    "parental_leave_weeks": ["0", "13.4", "-0", "53", "-1", "1,234", "", "x"],
    "sick_leave_days": ["0", "12.5", "231", "1 234,5", "", "mange", "366"],
    "agreed_work_days": ["230", "230,25", "0", "10.125", "366.00", "", "1.5"],
    **dict.fromkeys(BOOLEAN_COLUMNS, ["true", "false", "ja", "NEI", " 1 ", "0", "", "kanskje"]),
}


@st.composite
def employee_files(draw):
    delimiter = draw(st.sampled_from([",", ";"]))
    columns = list(COLUMNS)
    if draw(st.booleans()):
        columns = draw(st.permutations(COLUMNS))
    rows = []
    for i in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["good"] * 6 + ["mixed", "blank", "short", "long"]))
        if kind == "blank":
            rows.append(draw(st.sampled_from([[], [""] * len(columns), [" "] * len(columns)])))
            continue
        row = {c: VALUES[c][0] for c in columns}
        row["employee_id"] = f"E{i}" if draw(st.integers(0, 5)) else "E0"  # some twice
        if kind != "good":
            for c in draw(st.lists(st.sampled_from(columns), max_size=4)):
                row[c] = draw(st.sampled_from(VALUES[c]))
        values = [row[c] for c in columns]
        if kind == "short":
            values = values[: draw(st.integers(1, len(values) - 1))]
        if kind == "long":
            values += draw(st.sampled_from([[""], [" ", ""], ["extra"]]))
        rows.append(values)
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode()


def reference(data: bytes) -> ParseResult:
    header, rows, semicolon = _read_csv(data.decode("utf-8-sig"))
    return _check(header, rows, decimal_comma=semicolon)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=employee_files())
def test_random_files_give_the_problems_and_records_of_the_row_by_row_checks(data):
    expected = reference(data)
    result = parse_file(data, "ansatte.csv")
    event("accepted" if result.ok else "problems")
    assert result.problems == expected.problems
    assert list(result.records) == expected.records
    if result.ok:
        assert result.years == sorted({r["year"] for r in expected.records})
        # The records kept between upload and confirmation are the same records.
        kept = Records.from_checked_form(result.records.checked_form())
        assert list(kept) == expected.records
