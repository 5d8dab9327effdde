"""Reading the spreadsheets that come from outside: applications from the external application
portal and Jobbsjansen participants from the municipalities.

Each reader checks every row and returns either clean rows or the full list of problems (row
number, column, Norwegian message). The services in :mod:`grants.services` write the rows in
one transaction, so an import is all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from grants.models import OrganisationType, Participant


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def read_table(uploaded) -> list[dict]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts keyed by the
    lower-cased header. Row numbers in problems count the header as row 1."""
    name = (getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ImportFailed(
                [Problem(1, "-", _("The file is not a readable XLSX file."))]
            ) from None
        rows = list(workbook.active.iter_rows(values_only=True))
        workbook.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([Problem(1, "-", _("The file is not UTF-8 text."))]) from None
        dialect = (
            ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        )
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    if not rows:
        raise ImportFailed([Problem(1, "-", _("The file is empty."))])
    header = [str(h or "").strip().lower() for h in rows[0]]
    result = []
    for values in rows[1:]:
        if values is None or all(v in (None, "") for v in values):
            result.append(None)  # keep numbering; blank rows are skipped
            continue
        result.append(
            {h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h}
        )
    return [header, *result]


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def parse_amount(value) -> Decimal:
    if isinstance(value, int | float | Decimal):
        text = str(value)
    else:
        text = _text(value).replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    # "NaN", "Infinity", 1E+20 or fractions of an øre are not amounts the register can hold.
    if not amount.is_finite() or amount.adjusted() >= 12 or amount.as_tuple().exponent < -2:
        raise ValueError
    return amount


class RowChecker:
    """Collects the problems of one row while reading its fields."""

    def __init__(self, number: int, row: dict, problems: list[Problem]):
        self.number, self.row, self.problems = number, row, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def text(self, column: str, *, required=True, max_length=200) -> str:
        value = _text(self.row.get(column))
        if required and not value:
            self.problem(column, _("Missing value."))
        elif len(value) > max_length:
            self.problem(column, _("At most %(n)s characters.") % {"n": max_length})
        return value

    def date(self, column: str, *, required=True) -> dt.date | None:
        raw = self.row.get(column)
        if _text(raw) == "":
            if required:
                self.problem(column, _("Missing date."))
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.problem(column, _("Not a date (use dd.mm.åååå)."))
            return None

    def amount(self, column: str, *, required=True, minimum=Decimal(0)) -> Decimal | None:
        raw = self.row.get(column)
        if _text(raw) == "":
            if required:
                self.problem(column, _("Missing amount."))
            return None
        try:
            value = parse_amount(raw)
        except ValueError:
            self.problem(column, _("Not an amount."))
            return None
        if value < minimum:
            self.problem(column, _("The amount must be at least %(min)s.") % {"min": minimum})
            return None
        return value

    def integer(self, column: str, *, required=True, low=None, high=None) -> int | None:
        raw = _text(self.row.get(column))
        if raw.endswith(".0"):
            raw = raw[:-2]
        if raw == "":
            if required:
                self.problem(column, _("Missing number."))
            return None
        if not raw.isdigit():
            self.problem(column, _("Not a whole number."))
            return None
        value = int(raw)
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                column, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}
            )
            return None
        return value


def _require_columns(header: list[str], needed: list[str]) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise ImportFailed([Problem(1, c, _("The column is missing.")) for c in missing])


# --- Applications from the external portal ----------------------------------------------------

APPLICATION_COLUMNS = [
    "referanse",
    "orgnr",
    "organisasjon",
    "organisasjonstype",
    "kommunenummer",
    "ordning",
    "år",
    "tittel",
    "beskrivelse",
    "startdato",
    "sluttdato",
    "søkt beløp",
    "planlagte deltakere",
    "målgruppe",
    "mottatt",
]
REQUIRED_APPLICATION_COLUMNS = [
    "orgnr",
    "organisasjon",
    "organisasjonstype",
    "kommunenummer",
    "ordning",
    "år",
    "tittel",
    "startdato",
    "sluttdato",
    "søkt beløp",
]
TYPE_WORDS = {
    "kommune": OrganisationType.MUNICIPALITY,
    "fylkeskommune": OrganisationType.COUNTY_AUTHORITY,
    "frivillig organisasjon": OrganisationType.VOLUNTARY,
    "innvandrerorganisasjon": OrganisationType.IMMIGRANT_COMMUNITY,
    "stiftelse": OrganisationType.FOUNDATION,
    "arbeidsgiver": OrganisationType.EMPLOYER,
}


def check_applications(uploaded) -> list[dict]:
    """Clean application rows, or ImportFailed with every problem."""
    from grants.models import Application, Organisation, Scheme
    from imdi.models import Municipality

    header, *rows = read_table(uploaded)
    _require_columns(header, REQUIRED_APPLICATION_COLUMNS)
    schemes = {s.code: s for s in Scheme.objects.all()}
    municipalities = {m.number: m for m in Municipality.objects.all()}
    problems: list[Problem] = []
    clean = []
    seen_refs: set[str] = set()
    for index, row in enumerate(rows, start=2):
        if row is None:
            continue
        check = RowChecker(index, row, problems)
        number = _text(row.get("orgnr")).replace(" ", "")
        if not stdnum_orgnr.is_valid(number):
            check.problem("orgnr", _("Not a valid organisation number."))
        name = check.text("organisasjon")
        type_word = _text(row.get("organisasjonstype")).lower()
        org_type = TYPE_WORDS.get(type_word)
        if org_type is None:
            check.problem(
                "organisasjonstype",
                _("Unknown organisation type; use one of: %(types)s.")
                % {"types": ", ".join(TYPE_WORDS)},
            )
        municipality = municipalities.get(_text(row.get("kommunenummer")).zfill(4))
        if municipality is None:
            check.problem("kommunenummer", _("Unknown municipality number."))
        scheme = schemes.get(_text(row.get("ordning")).lower())
        if scheme is None:
            check.problem(
                "ordning",
                _("Unknown scheme; use one of: %(codes)s.") % {"codes": ", ".join(schemes)},
            )
        elif org_type and scheme.eligible_types and org_type not in scheme.eligible_types:
            check.problem("organisasjonstype", _("This organisation type may not apply."))
        year = check.integer("år", low=2000, high=2100)
        title = check.text("tittel")
        start = check.date("startdato")
        end = check.date("sluttdato")
        if start and end and end < start:
            check.problem("sluttdato", _("The project ends before it starts."))
        amount = check.amount("søkt beløp", minimum=Decimal(1))
        participants = check.integer("planlagte deltakere", required=False, low=0, high=100000)
        received = check.date("mottatt", required=False)
        reference = _text(row.get("referanse"))[:40]
        if reference:
            if reference in seen_refs:
                check.problem("referanse", _("The reference appears twice in the file."))
            elif Application.objects.filter(external_ref=reference).exists():
                check.problem(
                    "referanse",
                    _("%(ref)s has already been imported.") % {"ref": reference},
                )
            seen_refs.add(reference)
        existing = Organisation.objects.filter(orgnr=number).first()
        if (
            existing is not None
            and scheme is not None
            and scheme.eligible_types
            and existing.type not in scheme.eligible_types
        ):
            check.problem("organisasjonstype", _("This organisation type may not apply."))
        clean.append(
            {
                "orgnr": number,
                "name": name,
                "type": org_type,
                "municipality": municipality,
                "scheme": scheme,
                "year": year,
                "title": title,
                "description": _text(row.get("beskrivelse")),
                "period_start": start,
                "period_end": end,
                "amount_applied": amount,
                "planned_participants": participants,
                "target_group": _text(row.get("målgruppe"))[:200],
                "received_on": received,
                "external_ref": reference,
            }
        )
    if problems:
        raise ImportFailed(problems)
    if not clean:
        raise ImportFailed([Problem(2, "-", _("The file has no rows."))])
    return clean


# --- Jobbsjansen participants ----------------------------------------------------------------

PARTICIPANT_COLUMNS = [
    "prosjekt",
    "pseudonym",
    "fødselsår",
    "fødeland",
    "startdato",
    "sluttdato",
    "resultat",
]
OUTCOME_WORDS = {
    "": "",
    "arbeid": Participant.Outcome.WORK,
    "utdanning": Participant.Outcome.EDUCATION,
    "annet": Participant.Outcome.OTHER,
    "avbrutt": Participant.Outcome.DROPPED_OUT,
}


def check_participants(uploaded) -> list[dict]:
    from grants.models import Application

    header, *rows = read_table(uploaded)
    _require_columns(header, PARTICIPANT_COLUMNS[:5])
    projects = {
        a.reference: a
        for a in Application.objects.filter(scheme__has_participants=True).select_related("scheme")
    }
    existing = set(
        Participant.objects.filter(application__in=projects.values()).values_list(
            "application_id", "pseudonym"
        )
    )
    problems: list[Problem] = []
    clean = []
    seen: set[tuple[int, str]] = set()
    for index, row in enumerate(rows, start=2):
        if row is None:
            continue
        check = RowChecker(index, row, problems)
        project = projects.get(_text(row.get("prosjekt")).upper())
        if project is None:
            check.problem("prosjekt", _("No Jobbsjansen project with this reference."))
        pseudonym = check.text("pseudonym", max_length=40)
        birth_year = check.integer("fødselsår", low=1930, high=2015)
        country = check.text("fødeland", max_length=100)
        start = check.date("startdato")
        end = check.date("sluttdato", required=False)
        outcome_word = _text(row.get("resultat")).lower()
        outcome = OUTCOME_WORDS.get(outcome_word)
        if outcome is None:
            check.problem(
                "resultat",
                _("Unknown outcome; use arbeid, utdanning, annet or avbrutt."),
            )
        elif end and not outcome:
            check.problem("resultat", _("A participant who has left needs an outcome."))
        elif outcome and not end:
            check.problem("sluttdato", _("An outcome needs the date the participant left."))
        if start and end and end < start:
            check.problem("sluttdato", _("The end date comes before the start date."))
        if project is not None and pseudonym:
            key = (project.pk, pseudonym)
            if key in seen:
                check.problem("pseudonym", _("The participant appears twice in the file."))
            elif key in existing:
                check.problem("pseudonym", _("The participant is already registered."))
            seen.add(key)
        clean.append(
            {
                "application": project,
                "pseudonym": pseudonym,
                "birth_year": birth_year,
                "country_of_birth": country,
                "start_date": start,
                "end_date": end,
                "outcome": outcome or "",
            }
        )
    if problems:
        raise ImportFailed(problems)
    if not clean:
        raise ImportFailed([Problem(2, "-", _("The file has no rows."))])
    return clean
