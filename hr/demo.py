"""Demo data: five years of employee records for a directorate of about 265 people, shaped like
the table of IMDi's equality statement for 2023, the SSB 12625 counts and the four-step text."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure

YEARS = [2020, 2021, 2022, 2023, 2024]
CATEGORIES = [
    "toppleder",
    "mellomleder",
    "alternativ_karrierevei",
    "saksbehandler",
    "konsulent_sekretaer",
    "laerling",
]
# Employees at the end of each year who did not leave, per category as (men, women). 2023 is
# the source's table: 7, 15, 24, 1 and 2 as printed, and caseworkers 217 (the source prints
# 219, so that its categories sum to 268 against its total of 266; records cannot disagree).
# 2022: the source's categories (6, 11, 25, 222; no consultants or apprentices). The other
# years are demo figures near the SSB yearly averages.
COMPOSITION = {
    2020: [(2, 4), (4, 6), (8, 10), (57, 115), (0, 0), (0, 0)],
    2021: [(2, 4), (4, 7), (10, 13), (65, 140), (0, 0), (0, 0)],
    2022: [(2, 4), (4, 7), (11, 14), (73, 149), (0, 0), (0, 0)],
    2023: [(3, 4), (6, 9), (11, 13), (68, 149), (1, 0), (1, 1)],
    2024: [(3, 4), (6, 9), (11, 14), (70, 150), (1, 0), (1, 1)],
}
# Mean full-time salary per category as (men, women): 2022 and 2023 as in the source (its
# 2022 alternative career line is inverted: 89 % is women's share of men's pay), the other
# years demo figures.
SALARIES = {
    2020: [
        (1_150_000, 1_092_500),
        (850_000, 840_650),
        (790_000, 714_950),
        (600_000, 580_800),
        None,
        None,
    ],
    2021: [
        (1_195_000, 1_149_590),
        (880_000, 875_600),
        (825_000, 731_775),
        (620_000, 602_640),
        None,
        None,
    ],
    2022: [
        (1_239_900, 1_157_157),
        (913_040, 919_357),
        (856_253, 762_708),
        (644_934, 629_999),
        None,
        None,
    ],
    2023: [
        (1_238_300, 1_215_029),
        (992_987, 966_578),
        (855_846, 818_709),
        (691_746, 670_626),
        (466_600, None),
        (125_550, 125_550),
    ],
    2024: [
        (1_294_000, 1_275_900),
        (1_037_700, 1_015_900),
        (894_400, 860_400),
        (722_900, 704_100),
        (487_600, None),
        (131_200, 131_200),
    ],
}
# Fixed pay scales: everyone in the category has the mean.
FIXED_PAY = {"konsulent_sekretaer", "laerling"}
# (men, women) per year: leavers (of whom one man and one woman were hired the same year),
# temporary and part-time employees among those who stayed; involuntary part time (women).
LEAVERS = {2020: (9, 21), 2021: (10, 24), 2022: (11, 32), 2023: (15, 35), 2024: (14, 30)}
TEMPORARY = {2020: (8, 30), 2021: (10, 38), 2022: (11, 42), 2023: (11, 38), 2024: (10, 36)}
PART_TIME = {2020: (1, 5), 2021: (2, 5), 2022: (2, 5), 2023: (1, 6), 2024: (1, 5)}
INVOLUNTARY_PART_TIME = {2020: 1, 2021: 0, 2022: 0, 2023: 0, 2024: 1}
# Parental leave: men and women on leave and their mean weeks (2022 and 2023 as the source).
PARENTAL_LEAVE = {
    2020: (4, 12, "12.0", "16.5"),
    2021: (5, 13, "14.5", "15.8"),
    2022: (5, 13, "18.2", "15.0"),
    2023: (6, 9, "5.9", "13.4"),
    2024: (5, 11, "8.5", "14.2"),
}
# Certified sick leave, percent of agreed work days (men, women); 2022 and 2023 as the source.
SICK_LEAVE = {
    2020: ("2.4", "6.1"),
    2021: ("2.6", "6.4"),
    2022: ("2.9", "5.95"),
    2023: ("1.7", "7.9"),
    2024: ("2.1", "7.2"),
}

# SSB table 12625 as printed in the source (2020-2023); 2024 is demo data.
IMMIGRANT_BACKGROUND = {
    2020: (206, 10, 67),
    2021: (221, 9, 62),
    2022: (252, 12, 70),
    2023: (264, 14, 67),
    2024: (268, 15, 71),
}

WORK_2023 = {
    "risks": (
        "IMDi har fortsatt en skjev kjønnsbalanse med 66,2 prosent kvinner blant de ansatte. "
        "I gruppa alternativ karriereveistillinger har kvinner 95,6 prosent av menns lønn, og "
        "innen de øvrige stillingsgruppene er det fortsatt behov for å fokusere på likelønn.\n\n"
        "I 2023 har det ikke vært noen nyansettelser fra målgruppene med funksjonsnedsettelse "
        "og hull i CV-en."
    ),
    "causes": (
        "Flere av søkerne som krysser av for å være i en av målgruppene, oppfyller ikke kravene "
        "for målgruppen. I sluttvurderinger erfares det at søkerne i målgruppen ikke har nådd "
        "opp i konkurransen med de andre søkerne.\n\n"
        "Medarbeiderundersøkelsen høsten 2022 ble gjennomgått på virksomhetsnivå og avdelingsvis "
        "sammen med bedriftshelsetjenesten."
    ),
    "measures_summary": (
        "I 2023 utarbeidet IMDi en egen mangfoldspolicy for 2023-2025 med fire fokusområder: "
        "mangfoldsledelse, rekruttering, kommunikasjon og arbeidsmiljø. Alle ledere skal ha "
        "påbegynt opplæring i mangfoldsledelse innen ett år fra ansettelse som leder.\n\n"
        "Ved lokale lønnsforhandlinger og ved lønnsfastsettelse ved rekruttering legges det vekt "
        "på likelønn mellom kjønn."
    ),
    "evaluation": (
        "Kvinners andel av menns lønn i alternativ karriereveistillinger økte fra 89 prosent i "
        "2022 til 95,6 prosent i 2023, og for hele IMDi fra 94 til 95,3 prosent. Andelen ansatte "
        "med innvandrerbakgrunn var 31 prosent, over målet på 30 prosent."
    ),
}
WORK_2024 = {
    "risks": (
        "Kjønnsbalansen er fortsatt skjev, og målet om at 5 prosent av nyansettelsene skal komme "
        "fra målgruppene med funksjonsnedsettelse og hull i CV-en er ikke nådd."
    ),
    "causes": (
        "Søkertilfanget fra målgruppene er lite, og kompetansen på test- og seleksjonsmetoder i "
        "rekrutteringsprosessene må styrkes for å hindre usaklig forskjellsbehandling."
    ),
    "measures_summary": (
        "Rekrutteringsteamet i HR-avdelingen begynner et sertifiseringsløp for å ta i bruk "
        "Veritas-sertifisert testverktøy. IMDi innleder et tettere samarbeid med NAV og oppretter "
        "en ressursgruppe for mangfold og inkludering."
    ),
    "evaluation": "Evalueres ved utgangen av 2024.",
}
MEASURES = {
    2023: [
        ("Utarbeide mangfoldspolicy for 2023-2025", "HR-direktør", (2023, 6, 30), "done"),
        (
            "Følge opp tiltak etter medarbeiderundersøkelsen",
            "Avdelingsdirektørene",
            (2023, 12, 31),
            "done",
        ),
    ],
    2024: [
        (
            "5 % av nyansettelsene skal være personer med funksjonsnedsettelse eller hull i CV-en",
            "HR-avdelingen",
            (2024, 12, 31),
            "in_progress",
        ),
        (
            "Tettere samarbeid med NAV for å øke søkertilfanget fra målgruppene",
            "Rekrutteringsteamet",
            (2024, 9, 30),
            "in_progress",
        ),
        (
            "Opprette en ressursgruppe for mangfold og inkludering",
            "Direktøren",
            (2024, 6, 30),
            "planned",
        ),
        (
            "Sertifisering i Veritas-sertifisert testverktøy",
            "Rekrutteringsteamet",
            (2024, 11, 30),
            "planned",
        ),
    ],
}


class _Person:
    __slots__ = ("employee_id", "gender", "category", "factor")

    def __init__(self, employee_id: str, gender: str, category: str, factor: float):
        self.employee_id = employee_id
        self.gender = gender
        self.category = category
        self.factor = factor


def _scaled(n: int, scale: float) -> int:
    return 0 if n == 0 else max(1, round(n * scale))


def _exact_mean(people: list[_Person], mean: int, fixed: bool) -> dict[str, int]:
    """Whole-krone salaries spread by each person's factor whose mean is exactly ``mean``."""
    if fixed:
        return {p.employee_id: mean for p in people}
    average = sum(p.factor for p in people) / len(people)
    pay = {p.employee_id: round(mean * p.factor / average) for p in people}
    top = max(people, key=lambda p: p.factor).employee_id
    pay[top] += mean * len(people) - sum(pay.values())
    return pay


def _exact_sum(values: list[Decimal], total: Decimal, cap=None) -> list[Decimal]:
    """Scale one-decimal values so that they add up to exactly ``total`` (each within cap)."""
    raw = sum(values)
    if not raw:
        return values
    out = [(v * total / raw).quantize(Decimal("0.1")) for v in values]
    if cap is not None:
        out = [min(v, c) for v, c in zip(out, cap, strict=True)]
    # Rounding and the caps leave a small difference: give it to the largest values that
    # have room for it, keeping every value above 0 and within its cap.
    diff = total - sum(out)
    for i in sorted(range(len(out)), key=lambda i: out[i], reverse=True):
        if not diff:
            break
        if diff > 0:
            step = diff if cap is None else min(diff, cap[i] - out[i])
        else:
            step = max(diff, Decimal("0.1") - out[i])
        out[i] += step
        diff -= step
    return out


def _choose(rng, people: list[_Person], gender: str, n: int, preferred: set) -> list[_Person]:
    """n people of a gender, those in ``preferred`` first (a contract or a part-time position
    carries over from the year before)."""
    pool = [p for p in people if p.gender == gender]
    rng.shuffle(pool)
    pool.sort(key=lambda p: p.employee_id not in preferred)
    return pool[:n]


def _records(rng: random.Random, scale: float) -> list[EmployeeRecord]:
    number = 0

    def person(category: str, gender: str) -> _Person:
        nonlocal number
        number += 1
        return _Person(f"ANS{number:05d}", gender, category, rng.gauss(1.0, 0.06))

    records: list[EmployeeRecord] = []
    staff: list[_Person] = []
    temporary_before: set[str] = set()
    fte_of: dict[str, Decimal] = {}
    for year in YEARS:
        target = {
            (category, gender): _scaled(n, scale)
            for category, pair in zip(CATEGORIES, COMPOSITION[year], strict=True)
            for gender, n in zip("MK", pair, strict=True)
        }
        leaving = dict(zip("MK", (_scaled(n, scale) for n in LEAVERS[year]), strict=True))
        if year == YEARS[0]:
            # No history: the year's staff, its leavers besides, and some marked as hired.
            stayers = [person(c, g) for (c, g), n in target.items() for _ in range(n)]
            leavers = [person("saksbehandler", g) for g, n in leaving.items() for _ in range(n)]
            hired = {p.employee_id for p in rng.sample(stayers, round(len(stayers) * 0.12))}
        else:
            # One man and one woman are hired and leave in the same year.
            quick = [person("saksbehandler", g) for g, n in leaving.items() if n >= 2]
            leavers = list(quick)
            for gender, n in leaving.items():
                pool = [p for p in staff if p.gender == gender]
                forced: list[_Person] = []
                for category in CATEGORIES:
                    # A category larger than this year's must lose the difference.
                    cell = [p for p in pool if p.category == category]
                    excess = len(cell) - target[(category, gender)]
                    if excess > 0:
                        forced += rng.sample(cell, excess)
                rest = [p for p in pool if p not in forced]
                need = n - sum(p.gender == gender for p in quick) - len(forced)
                leavers += forced + rng.sample(rest, max(0, min(len(rest), need)))
            gone = {p.employee_id for p in leavers}
            stayers = [p for p in staff if p.employee_id not in gone]
            new = []
            for (category, gender), n in target.items():
                have = sum(p.category == category and p.gender == gender for p in stayers)
                new += [person(category, gender) for _ in range(n - have)]
            stayers += new
            hired = {p.employee_id for p in new + quick}

        # Temporary contracts and part time among those who stay; apprentices are temporary.
        regular = [p for p in stayers if p.category != "laerling"]
        temporary = {p.employee_id for p in stayers if p.category == "laerling"}
        part_time: dict[str, Decimal] = {}
        for gender, n_temp, n_part in zip("MK", TEMPORARY[year], PART_TIME[year], strict=True):
            n_temp = max(
                0,
                _scaled(n_temp, scale)
                - sum(p.gender == gender and p.category == "laerling" for p in stayers),
            )
            # Temporary contracts are caseworkers' (project posts, substitutes).
            caseworkers = [p for p in regular if p.category == "saksbehandler"]
            chosen = _choose(rng, caseworkers, gender, n_temp, temporary_before | hired)
            temporary |= {p.employee_id for p in chosen}
            managers = {"toppleder", "mellomleder"}
            others = [p for p in regular if p.category not in managers]
            for p in _choose(rng, others, gender, _scaled(n_part, scale), set(fte_of)):
                fte = fte_of.setdefault(p.employee_id, Decimal(rng.choice(["80", "60", "50"])))
                part_time[p.employee_id] = fte
        women_part_time = [p for p in stayers if p.employee_id in part_time and p.gender == "K"]
        involuntary = {p.employee_id for p in women_part_time[: INVOLUNTARY_PART_TIME[year]]}
        fte_of = {k: v for k, v in fte_of.items() if k in part_time}
        temporary_before = temporary

        # Parental leave: the source's number of men and women and their mean weeks.
        weeks: dict[str, Decimal] = {}
        men_on_leave, women_on_leave, mean_men, mean_women = PARENTAL_LEAVE[year]
        for gender, n, mean in (("M", men_on_leave, mean_men), ("K", women_on_leave, mean_women)):
            chosen = _choose(rng, regular, gender, _scaled(n, scale), set())
            values = [Decimal(str(round(float(mean) * rng.uniform(0.5, 1.5), 1))) for _ in chosen]
            values = _exact_sum(values, Decimal(mean) * len(chosen))
            weeks.update(zip((p.employee_id for p in chosen), values, strict=True))

        # Salaries: each category's mean exactly as in the table, for those who stay.
        pay: dict[str, int] = {}
        for index, category in enumerate(CATEGORIES):
            means = SALARIES[year][index]
            for gender_index, gender in enumerate("MK"):
                cell = [p for p in stayers if p.category == category and p.gender == gender]
                if cell:
                    fixed = category in FIXED_PAY
                    pay.update(_exact_mean(cell, means[gender_index], fixed))
        for p in leavers:
            means = SALARIES[year][CATEGORIES.index(p.category)] or SALARIES[year][3]
            mean = means[0 if p.gender == "M" else 1] or means[0]
            pay[p.employee_id] = int(round(mean * p.factor, -2))

        year_rows = []
        gone = {p.employee_id for p in leavers}
        for p in stayers + leavers:
            months = 12
            if p.employee_id in gone:
                months = rng.randint(1, 11)
            elif p.employee_id in hired and year != YEARS[0]:
                months = rng.randint(2, 12)
            fte = part_time.get(p.employee_id, Decimal("100"))
            agreed = (Decimal(230 * months) / 12 * fte / 100).quantize(Decimal("0.01"))
            year_rows.append(
                EmployeeRecord(
                    year=year,
                    employee_id=p.employee_id,
                    gender=p.gender,
                    position_category=p.category,
                    annual_salary=pay[p.employee_id],
                    fte_percent=fte,
                    temporary=p.employee_id in temporary,
                    involuntary_part_time=p.employee_id in involuntary,
                    hired_in_year=p.employee_id in hired,
                    left_in_year=p.employee_id in gone,
                    parental_leave_weeks=weeks.get(p.employee_id, Decimal("0")),
                    sick_leave_days=Decimal("0"),
                    agreed_work_days=agreed,
                )
            )
        # Certified sick leave: about half are away some days; the year's rate per gender
        # is the source's.
        for gender, pct in zip("MK", SICK_LEAVE[year], strict=True):
            rows = [r for r in year_rows if r.gender == gender]
            ill = [r for r in rows if rng.random() < 0.45]
            if not ill:
                continue
            total = (Decimal(pct) * sum(r.agreed_work_days for r in rows) / 100).quantize(
                Decimal("0.1")
            )
            raw = [Decimal(str(round(rng.expovariate(1.0) + 0.05, 1))) for _ in ill]
            days = _exact_sum(raw, total, cap=[r.agreed_work_days for r in ill])
            for r, d in zip(ill, days, strict=True):
                r.sick_leave_days = d
        records += year_rows
        staff = stayers
    return records


@transaction.atomic
def seed(*, users: dict, scale: float = 1.0, stdout=None) -> None:
    if EmployeeRecord.objects.exists():
        if stdout:
            stdout.write("HR: demo data already loaded.")
        return
    rng = random.Random(42)
    records = _records(rng, scale)
    EmployeeRecord.objects.bulk_create(records, batch_size=1000)
    ImmigrantBackground.objects.bulk_create(
        [
            ImmigrantBackground(year=year, total_employees=t, group1=g1, group2=g2)
            for year, (t, g1, g2) in IMMIGRANT_BACKGROUND.items()
            if not ImmigrantBackground.objects.filter(year=year).exists()
        ]
    )
    hr_user = users.get("hr")
    for year, text in ((2023, WORK_2023), (2024, WORK_2024)):
        work, _created = EqualityWork.objects.get_or_create(
            year=year, defaults={**text, "updated_by": hr_user}
        )
        Measure.objects.bulk_create(
            [
                Measure(
                    work=work,
                    description=description,
                    owner=owner,
                    deadline=datetime.date(*deadline),
                    status=status,
                )
                for description, owner, deadline, status in MEASURES[year]
            ]
        )
    if stdout:
        stdout.write(f"HR: {len(records)} employee records for {YEARS[0]}-{YEARS[-1]}.")
