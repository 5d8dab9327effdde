"""Demo data: five years of employee records for a directorate of about 265 people, shaped like
the table of IMDi's equality statement for 2023, the SSB 12625 counts and the four-step text."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure

YEARS = [2020, 2021, 2022, 2023, 2024]
# Employees at the end of the year (the table's total) and leavers during the year.
STAYING = {2020: 206, 2021: 221, 2022: 252, 2023: 266, 2024: 270}
LEAVERS = {2020: 30, 2021: 34, 2022: 43, 2023: 50, 2024: 44}
# 2023 in the source: size of each category and its share of men.
CATEGORY_SHAPE = {
    "toppleder": (7, 0.43),
    "mellomleder": (15, 0.40),
    "alternativ_karrierevei": (24, 0.46),
    "saksbehandler": (218, 0.315),
    "konsulent_sekretaer": (1, 1.0),
    "laerling": (2, 0.5),
}
# 2023 mean salaries in the source (men, women); other years follow a yearly rise.
SALARY_2023 = {
    "toppleder": (1_238_300, 1_215_029),
    "mellomleder": (992_987, 966_578),
    "alternativ_karrierevei": (855_846, 818_709),
    "saksbehandler": (691_746, 670_626),
    "konsulent_sekretaer": (466_600, 466_600),
    "laerling": (125_550, 125_550),
}
YEARLY_RISE = 0.045

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
    __slots__ = ("employee_id", "gender", "category", "factor", "fte", "temporary", "since")

    def __init__(self, rng: random.Random, number: int, category: str, year: int, gender: str):
        self.employee_id = f"ANS{number:05d}"
        self.category = category
        self.gender = gender
        self.factor = rng.gauss(1.0, 0.05)
        part_time = rng.random() < 0.03
        self.fte = Decimal(rng.choice(["80", "60", "50"])) if part_time else Decimal("100")
        self.temporary = category == "laerling" or rng.random() < (
            0.3 if self.gender == "K" else 0.2
        )
        self.since = year


def _salary(rng, person: _Person, year: int) -> int:
    men, women = SALARY_2023[person.category]
    base = men if person.gender == "M" else women
    # Fixed pay scales for consultants and apprentices, individual pay elsewhere.
    fixed = person.category in ("konsulent_sekretaer", "laerling")
    spread = 1.0 if fixed else person.factor
    value = base * spread * (1 + YEARLY_RISE) ** (year - 2023)
    return int(round(value / 100) * 100)


def _records(rng: random.Random, scale: float) -> list[EmployeeRecord]:
    number = 0
    targets_total = sum(size for size, _share in CATEGORY_SHAPE.values())

    def target(category: str, year: int) -> int:
        size = CATEGORY_SHAPE[category][0]
        return max(1, round(size * STAYING[year] * scale / targets_total))

    def hire(year: int, staff: list[_Person], leaving: set[str]) -> _Person:
        nonlocal number
        number += 1
        counts = dict.fromkeys(CATEGORY_SHAPE, 0)
        men = dict.fromkeys(CATEGORY_SHAPE, 0)
        for p in staff:
            if p.employee_id not in leaving:
                counts[p.category] += 1
                men[p.category] += p.gender == "M"
        # The category furthest below its share; caseworkers when all are full.
        category = max(
            CATEGORY_SHAPE,
            key=lambda c: (target(c, year) - counts[c], CATEGORY_SHAPE[c][0]),
        )
        # Keep the category's gender balance near the source's.
        share = CATEGORY_SHAPE[category][1]
        gender = "M" if men[category] + 0.5 <= share * (counts[category] + 1) else "K"
        if rng.random() < 0.15:
            gender = rng.choice("MK")
        person = _Person(rng, number, category, year, gender)
        staff.append(person)
        return person

    records: list[EmployeeRecord] = []
    staff: list[_Person] = []
    for year in YEARS:
        staying_target = max(6, round(STAYING[year] * scale))
        leavers = rng.sample(staff, min(len(staff), round(LEAVERS[year] * scale))) if staff else []
        leaver_ids = {p.employee_id for p in leavers}
        while len(staff) - len(leavers) < staying_target:
            hire(year, staff, leaver_ids)
        on_leave = set(
            rng.sample(
                [p.employee_id for p in staff if p.employee_id not in leaver_ids],
                min(len(staff) - len(leavers), round(15 * scale)),
            )
        )
        for person in staff:
            left = person.employee_id in leaver_ids
            # The first year has no history: some of its staff are marked as new hires.
            hired = rng.random() < 0.15 if year == YEARS[0] else person.since == year
            months = 12
            if left:
                months = rng.randint(1, 11)
            elif hired:
                months = rng.randint(2, 12)
            agreed = Decimal(230 * months / 12) * person.fte / 100
            agreed = agreed.quantize(Decimal("0.01"))
            rate = 0.085 if person.gender == "K" else 0.018
            sick = 0.0
            if rng.random() < 0.45:
                sick = min(float(agreed), rng.expovariate(1 / (rate * float(agreed) / 0.45)))
            weeks = Decimal("0")
            if person.employee_id in on_leave:
                low, high = (2, 10) if person.gender == "M" else (5, 30)
                weeks = Decimal(rng.randint(low * 2, high * 2)) / 2
            records.append(
                EmployeeRecord(
                    year=year,
                    employee_id=person.employee_id,
                    gender=person.gender,
                    position_category=person.category,
                    annual_salary=_salary(rng, person, year),
                    fte_percent=person.fte,
                    temporary=person.temporary,
                    involuntary_part_time=person.fte < 100 and rng.random() < 0.1,
                    hired_in_year=hired,
                    left_in_year=left,
                    parental_leave_weeks=weeks,
                    sick_leave_days=Decimal(str(round(sick, 1))),
                    agreed_work_days=agreed,
                )
            )
        staff = [p for p in staff if p.employee_id not in leaver_ids]
        for person in staff:
            # Temporary contracts end: some become permanent each year.
            if person.temporary and person.category != "laerling" and rng.random() < 0.25:
                person.temporary = False
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
