"""Reading and checking an employee file (CSV or XLSX) before anything is stored.

The reader never writes: it returns the clean records and every problem it found (row number
as the spreadsheet shows it, column, a message), and the service stores the records only when
there is no problem at all.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from operator import methodcaller

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
YEAR = COLUMNS.index("year")
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
DECIMAL_COLUMNS = ["fte_percent", "parental_leave_weeks", "sick_leave_days", "agreed_work_days"]


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


class Records(Sequence):
    """The checked records of a file, kept column by column in ``COLUMNS`` order.

    Each column is the file's raw text and a map from each distinct raw value to its checked
    value, so a value is checked once however many rows hold it. The record dicts are built
    only when someone reads them. The store writes the records with COPY as ``copy_form``
    gives them: the file's own lines when every value in it is already written as COPY
    reads it (as checked), else lines made from the checked values.
    """

    def __init__(self, raw: list[Sequence] | None, checked: list[dict] | None):
        self._raw = raw
        self._checked = checked
        self._form: tuple[list[str], str, str] | None = None  # columns, delimiter, lines
        self._year_counts: dict[int, int] | None = None
        self._columns: dict[int, list] = {}
        self._dicts: list[dict] | None = None

    @classmethod
    def from_dicts(cls, records: list[dict]) -> Records:
        raw = [[r[name] for r in records] for name in COLUMNS]
        return cls(raw, [{value: value for value in column} for column in raw])

    def checked_form(self) -> str:
        """The records as text to keep between the upload and the confirmation: a line with
        the columns, a line with the records per year, then the COPY lines."""
        order, delimiter, lines = self.copy_form()
        years = " ".join(f"{year}:{n}" for year, n in sorted(self.year_counts().items()))
        return f"{FORM_VERSION}{delimiter}{delimiter.join(order)}\n{years}\n{lines}"

    @classmethod
    def from_checked_form(cls, text: str) -> Records:
        """The records of ``checked_form``; the lines are read only when a record is."""
        first, _newline, rest = text.partition("\n")
        years, _newline, lines = rest.partition("\n")
        delimiter = first[len(FORM_VERSION) : len(FORM_VERSION) + 1]
        order = first[len(FORM_VERSION) + 1 :].split(delimiter)
        try:
            counts = {int(y): int(n) for y, n in (item.split(":") for item in years.split())}
        except ValueError:
            counts = {}
        if (
            not first.startswith(FORM_VERSION)
            or delimiter not in FORM_DELIMITERS
            or sorted(order) != sorted(COLUMNS)
            or not lines.endswith("\n")
            or sum(counts.values()) != lines.count("\n")
        ):
            raise ValueError("not the checked form of an employee file")
        records = cls(None, None)
        records._form = (order, delimiter, lines)
        records._year_counts = counts
        return records

    def _load(self) -> None:
        if self._raw is None:
            order, delimiter, lines = self._form
            by_position = list(
                zip(*(line.split(delimiter) for line in lines[:-1].split("\n")), strict=True)
            )
            if len(by_position) != len(COLUMNS):
                raise ValueError("not the checked form of an employee file")
            self._raw = [by_position[order.index(name)] for name in COLUMNS]
            self._checked = [
                {value: _COPY_READERS.get(name, str)(value) for value in set(column)}
                for name, column in zip(COLUMNS, self._raw, strict=True)
            ]

    def column(self, name: str) -> list:
        self._load()
        index = COLUMNS.index(name)
        if index not in self._columns:
            self._columns[index] = list(map(self._checked[index].__getitem__, self._raw[index]))
        return self._columns[index]

    def _list(self) -> list[dict]:
        if self._dicts is None:
            columns = [self.column(name) for name in COLUMNS]
            self._dicts = [
                dict(zip(COLUMNS, values, strict=True)) for values in zip(*columns, strict=True)
            ]
        return self._dicts

    def __len__(self) -> int:
        if self._raw is None:
            return sum(self._year_counts.values())
        return len(self._raw[0])

    def __getitem__(self, index):
        return self._list()[index]

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other) -> bool:
        if isinstance(other, Records):
            other = other._list()
        return self._list() == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Records: {len(self)}>"

    def year_counts(self) -> dict[int, int]:
        """How many records there are of each year."""
        if self._year_counts is None:
            counts: Counter = Counter()
            for value, count in Counter(self._raw[YEAR]).items():
                counts[self._checked[YEAR][value]] += count
            self._year_counts = dict(counts)
        return dict(self._year_counts)

    def copy_form(self) -> tuple[list[str], str, str]:
        """The columns, the delimiter and the lines for PostgreSQL's COPY in text format. Each
        value is checked: numbers, true/false, fixed words, staff numbers (no backslash)."""
        if self._form is None:
            texts = []
            for raw, checked in zip(self._raw, self._checked, strict=True):
                text_of = dict(zip(checked, _texts(checked), strict=True))
                texts.append(map(text_of.__getitem__, raw))
            lines = "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"
            self._form = (COLUMNS, "\t", lines)
        return self._form


FORM_VERSION = "hr-import-1"
FORM_DELIMITERS = (",", ";", "\t")


def _texts(checked: dict) -> list[str]:
    """How COPY is given each checked value of a column."""
    values = list(checked.values())
    if values and isinstance(values[0], bool):
        return ["true" if value else "false" for value in values]
    return list(map(str, values))


_COPY_READERS = {
    "year": int,
    "annual_salary": int,
    **dict.fromkeys(BOOLEAN_COLUMNS, {"true": True, "false": False}.__getitem__),
    **dict.fromkeys(DECIMAL_COLUMNS, Decimal),
}


@dataclass
class ParseResult:
    records: Sequence[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def years(self) -> list[int]:
        return sorted(self.year_counts())

    def year_counts(self) -> dict[int, int]:
        """How many records the file holds for each year."""
        if isinstance(self.records, Records):
            return self.records.year_counts()
        return dict(Counter(r["year"] for r in self.records))


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
        return _check(header, lambda: rows, decimal_comma=False)
    if name.endswith((".csv", ".txt")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ParseResult(
                problems=[Problem(1, "", _("The file is not UTF-8 text. Save it as CSV UTF-8."))]
            )
        header, rows, split, semicolon = _read_csv(text)
        return _check(header, rows, decimal_comma=semicolon, split=split)
    return ParseResult(problems=[Problem(1, "", _("Use a CSV or XLSX file."))])


def _read_csv(text: str) -> tuple[list[str], Callable[[], list], tuple | None, bool]:
    """The header, the rows (numbered as the spreadsheet shows them) and, when every row has
    exactly the header's number of values, the rows' values column by column with the
    delimiter and the lines after the header.

    A file without quotes, NUL characters or carriage returns (but in Windows line ends) is
    split directly, which gives the rows ``csv.reader`` gives, much faster; any other file goes
    through ``csv.reader``.
    """
    first_line = text.split("\n", 1)[0]
    semicolon = ";" in first_line and "," not in first_line
    delimiter = ";" if semicolon else ","

    def rows() -> list[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [(index, values) for index, values in enumerate(reader, start=1) if index > 1]

    if "\r" in text and text.count("\r") == text.count("\r\n"):
        text = text.replace("\r\n", "\n")  # Windows line ends: the same rows
    if '"' in text or "\r" in text or "\0" in text:
        rows_read = rows()
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        return header, lambda: rows_read, None, semicolon
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return [], rows, None, semicolon
    header = lines[0].split(delimiter)
    width = len(header)
    data = lines[1:]
    if set(map(methodcaller("count", delimiter), data)) <= {width - 1}:
        flat = delimiter.join(data).split(delimiter) if data else []
        lines = text[len(lines[0]) + 1 :]
        if lines and not lines.endswith("\n"):
            lines += "\n"
        columns = [flat[i::width] for i in range(width)]
        return header, rows, (columns, delimiter, lines), semicolon
    return header, rows, None, semicolon


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
    if not DECIMAL.fullmatch(cleaned):
        raise InvalidOperation
    return Decimal(cleaned)


class _Bad:
    """A value that fails a check. The message is translated only when it is shown."""

    __slots__ = ("message",)

    def __init__(self, message: Callable[[], str]):
        self.message = message


REQUIRED = _Bad(lambda: _("A value is required."))
BAD_YEAR = _Bad(
    lambda: (
        _("The year must be a whole number from %(min)s to %(max)s.")
        % {"min": MIN_YEAR, "max": MAX_YEAR}
    )
)
NATIONAL_ID_USED = _Bad(
    lambda: _("This looks like a national identity number. Use the staff number.")
)
BAD_EMPLOYEE_ID = _Bad(
    lambda: _("The employee number may hold letters, digits, '-', '_' and '.', at most 32.")
)
BAD_GENDER = _Bad(lambda: _("The gender must be M or K."))
BAD_CATEGORY = _Bad(
    lambda: (
        _("Unknown position category. Use one of: %(choices)s.")
        % {"choices": ", ".join(PositionCategory.values)}
    )
)
BAD_SALARY = _Bad(lambda: _("The annual salary must be whole kroner above 0."))
BAD_FTE = _Bad(lambda: _("The position size must be a number above 0 and at most 100."))
BAD_BOOLEAN = _Bad(lambda: _("Must be true or false (also ja/nei or 1/0)."))
BAD_PARENTAL = _Bad(lambda: _("The weeks of parental leave must be a number from 0 to 52."))
BAD_SICK = _Bad(lambda: _("The days of sick leave must be a number from 0 to 366."))
BAD_AGREED = _Bad(lambda: _("The agreed work days must be a number above 0 and at most 366."))
TOO_MANY_DECIMALS = _Bad(lambda: _("At most 2 decimals."))
SICK_OVER_AGREED = _Bad(lambda: _("The days of sick leave exceed the agreed work days."))
GENDERS = frozenset(Gender.values)
CATEGORIES = frozenset(PositionCategory.values)


# One check per column: the value as the file holds it (not yet stripped) in, the checked
# value or a _Bad out. A check depends on nothing but the value, so each distinct value of a
# column is checked once.


def _year(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    if value.isdigit():
        try:
            number = int(value)
        except ValueError:  # digits int() does not read, such as '²'
            return BAD_YEAR
        if MIN_YEAR <= number <= MAX_YEAR:
            return number
    return BAD_YEAR


def _employee_id(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    if NATIONAL_ID.match(value):
        return NATIONAL_ID_USED
    if not EMPLOYEE_ID.match(value):
        return BAD_EMPLOYEE_ID
    return value


def _gender(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    value = value.upper()
    return value if value in GENDERS else BAD_GENDER


def _position_category(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    value = value.lower()
    return value if value in CATEGORIES else BAD_CATEGORY


def _annual_salary(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    cleaned = value.replace("\xa0", "").replace(" ", "")
    if cleaned.isdigit():
        try:
            number = int(cleaned)
        except ValueError:  # digits int() does not read, or too many of them
            return BAD_SALARY
        if 0 < number < 100_000_000:
            return number
    return BAD_SALARY


def _boolean(value: str):
    value = value.strip()
    if value == "":
        return REQUIRED
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return BAD_BOOLEAN


def _decimal_check(*, above_zero: bool, at_most: int, bad: _Bad, decimal_comma: bool):
    limit = Decimal(at_most)

    def check(value: str):
        value = value.strip()
        if value == "":
            return REQUIRED
        try:
            number = _decimal(value, decimal_comma)
        except InvalidOperation:
            return bad
        if (number <= 0 if above_zero else number < 0) or number > limit:
            return bad
        if number.as_tuple().exponent < -2:
            return TOO_MANY_DECIMALS
        return number

    return check


def _checks(decimal_comma: bool) -> list:
    """The check of each column, in ``COLUMNS`` order (the order a row's problems are listed)."""
    by_name = {
        "year": _year,
        "employee_id": _employee_id,
        "gender": _gender,
        "position_category": _position_category,
        "annual_salary": _annual_salary,
        **dict.fromkeys(BOOLEAN_COLUMNS, _boolean),
        "fte_percent": _decimal_check(
            above_zero=True, at_most=100, bad=BAD_FTE, decimal_comma=decimal_comma
        ),
        "parental_leave_weeks": _decimal_check(
            above_zero=False, at_most=52, bad=BAD_PARENTAL, decimal_comma=decimal_comma
        ),
        "sick_leave_days": _decimal_check(
            above_zero=False, at_most=366, bad=BAD_SICK, decimal_comma=decimal_comma
        ),
        "agreed_work_days": _decimal_check(
            above_zero=True, at_most=366, bad=BAD_AGREED, decimal_comma=decimal_comma
        ),
    }
    return [by_name[name] for name in COLUMNS]


CHECKS = {False: _checks(False), True: _checks(True)}
SICK = COLUMNS.index("sick_leave_days")
AGREED = COLUMNS.index("agreed_work_days")


# A whole column of common values is checked at once: the distinct values joined by newlines
# match the pattern only when each value passes its check unchanged (ASCII, nothing to strip).
STRICT = {
    "employee_id": (
        re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,31}\n)*[A-Za-z0-9][A-Za-z0-9_.-]{0,31}"),
        str,
    ),
    "annual_salary": (re.compile(r"(?:[1-9][0-9]{0,7}\n)*[1-9][0-9]{0,7}"), int),
}
NATIONAL_IDS = re.compile(r"(?:\A|\n)[0-9]{11}(?=\n|\Z)")
EMPLOYEE = COLUMNS.index("employee_id")


def _check_column(name: str, check, distinct: set[str]) -> dict:
    """Each distinct value of a column and its check's result (the value or a _Bad)."""
    if name in STRICT:
        pattern, convert = STRICT[name]
        joined = "\n".join(distinct)
        if (
            joined.count("\n") == len(distinct) - 1
            and pattern.fullmatch(joined)
            and not (
                name == "employee_id"
                and 11 in set(map(len, distinct))
                and NATIONAL_IDS.search(joined)
            )
        ):
            return _Plain(zip(distinct, map(convert, distinct), strict=True))
    return {value: check(value) for value in distinct}


class _Plain(dict):
    """Checked values of a column that are each written as the file holds it."""


def _has_value(values: list[str]) -> bool:
    return any(map(str.strip, values))


def _check(header: list[str], rows, *, decimal_comma: bool, split=None) -> ParseResult:
    """Check the rows (``rows()`` gives them with their numbers). ``split``, when given, holds
    the data rows' values column by column in the header's order (every row has exactly the
    header's number of values), the delimiter and the lines."""
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

    width = len(names)
    too_long = False
    columns = distinct = None
    if split and split[0] and len(split[0][0]) <= MAX_ROWS:
        columns = [split[0][names.index(name)] for name in COLUMNS]
        distinct = [set(column) for column in columns]
        if not any(all(map(str.strip, d)) for d in sorted(distinct, key=len)):
            columns = distinct = None  # every column has a blank value: maybe a blank row
    lines = (names, split[1], split[2]) if columns is not None else None
    if columns is None:
        data_rows = [(i, v) for i, v in rows() if _has_value(v)]
        count = len(data_rows)
    else:
        data_rows, count = None, len(columns[0]) if columns else 0
    if not count:
        problems.append(Problem(1, "", _("The file holds no employee records.")))
        return result
    if count > MAX_ROWS:
        problems.append(
            Problem(1, "", _("The file holds more than %(max)s rows.") % {"max": MAX_ROWS})
        )
        return result

    # Column by column: each distinct value of a column is checked once.
    if columns is None:
        values = [v for _i, v in data_rows]
        lengths = set(map(len, values))
        too_long = max(lengths) > width
        if too_long or min(lengths) < width:
            values = [
                v[:width] if len(v) >= width else [*v, *[""] * (width - len(v))] for v in values
            ]
        by_position = list(zip(*values, strict=True))
        columns = [by_position[names.index(name)] for name in COLUMNS]
        distinct = [set(column) for column in columns]
    raw = columns
    checked = [
        _check_column(name, check, values)
        for name, check, values in zip(COLUMNS, CHECKS[decimal_comma], distinct, strict=True)
    ]
    clean = not too_long or not any(_has_value(v[width:]) for _i, v in data_rows)
    clean = clean and not any(_Bad in set(map(type, results.values())) for results in checked)
    if clean:
        records = Records(raw, checked)
        if len(set(checked[YEAR].values())) == 1:
            # One year: no employee twice when the checked numbers are all different.
            twice = len(set(checked[EMPLOYEE].values())) != count
        else:
            keys = zip(records.column("year"), records.column("employee_id"), strict=True)
            twice = len(set(keys)) != count
        sick, agreed = checked[SICK], checked[AGREED]
        over = max(sick.values()) > min(agreed.values()) and any(
            map(operator.gt, records.column("sick_leave_days"), records.column("agreed_work_days"))
        )
        if not twice and not over:
            if lines and all(type(c) is _Plain or list(c) == _texts(c) for c in checked):
                # Every value is written as COPY reads it: the file's lines are the COPY data.
                records._form = lines
            result.records = records
            return result
    # Some value fails: go row by row for each problem in the order of the file.
    if data_rows is None:
        data_rows = [(i, v) for i, v in rows() if _has_value(v)]
    _list_problems(data_rows, names, checked, problems, result)
    return result


def _list_problems(data_rows, names, checked, problems, result) -> None:
    width = len(names)
    positions = [names.index(name) for name in COLUMNS]
    first_row_of: dict[tuple[int, str], int] = {}
    records = []
    for row_number, values in data_rows:
        if len(values) > width and _has_value(values[width:]):
            problems.append(Problem(row_number, "", _("The row has more values than the header.")))
            continue
        record: dict = {}
        row_problems = []
        for column, position, results in zip(COLUMNS, positions, checked, strict=True):
            value = results[values[position] if position < len(values) else ""]
            if type(value) is _Bad:
                row_problems.append(Problem(row_number, column, value.message()))
            else:
                record[column] = value
        if (
            "sick_leave_days" in record
            and "agreed_work_days" in record
            and record["sick_leave_days"] > record["agreed_work_days"]
        ):
            row_problems.append(Problem(row_number, "sick_leave_days", SICK_OVER_AGREED.message()))
        if row_problems:
            problems.extend(row_problems)
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
        records.append(record)
    result.records = [] if problems else Records.from_dicts(records)
