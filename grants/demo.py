"""Demo data: the four schemes 2022-2024, about 200 organisations in the 40 municipalities
with the largest immigrant populations, about 1,000 applications in every status, and about
2,000 Jobbsjansen participants whose outcomes come near the source's 75 %."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.no import orgnr as stdnum_orgnr

from grants.models import (
    Appeal,
    Application,
    Assessment,
    Call,
    Criterion,
    CriterionScore,
    Decision,
    GrantReport,
    HistoryEntry,
    ImpartialityDeclaration,
    MunicipalAllocation,
    Organisation,
    OrganisationType,
    Participant,
    Payment,
    RepaymentClaim,
    Scheme,
    SchemeBudget,
    Status,
)
from imdi.models import Municipality

YEARS = (2022, 2023, 2024)
# The 40 municipalities with the largest immigrant populations (numbers from 2024).
MUNICIPALITIES = [
    "0301",
    "4601",
    "1103",
    "5001",
    "3201",
    "3203",
    "3107",
    "3301",
    "4204",
    "3205",
    "1108",
    "3105",
    "3905",
    "5501",
    "3101",
    "3103",
    "3207",
    "3209",
    "3907",
    "3909",
    "3212",
    "3214",
    "3216",
    "3218",
    "3222",
    "3224",
    "3226",
    "3228",
    "3230",
    "3232",
    "3234",
    "3303",
    "3305",
    "3310",
    "3312",
    "3314",
    "3401",
    "3403",
    "4003",
    "4005",
]
SCHEMES = [
    {
        "code": "jobbsjansen",
        "name": "Jobbsjansen",
        "description": "Kvalifiseringsprogrammer for innvandrerkvinner som står langt fra arbeidslivet.",
        "eligible_types": [OrganisationType.MUNICIPALITY, OrganisationType.COUNTY_AUTHORITY],
        "four_eyes": True,
        "payment_mode": Scheme.PaymentMode.INSTALMENTS,
        "has_participants": True,
        "budgets": {2022: 98_000_000, 2023: 104_000_000, 2024: 108_000_000},
        "criteria": [
            ("Målgruppe og rekruttering", 40),
            ("Kvalifiseringsløp", 40),
            ("Samarbeid med arbeidslivet", 20),
        ],
    },
    {
        "code": "frivillige",
        "name": "Integreringsarbeid i regi av frivillige organisasjoner",
        "description": "Tilskudd til frivillige organisasjoner og innvandrerorganisasjoner.",
        "eligible_types": [OrganisationType.VOLUNTARY, OrganisationType.IMMIGRANT_COMMUNITY],
        "four_eyes": True,
        "payment_mode": Scheme.PaymentMode.ADVANCE,
        "has_local_allocation": True,
        "budgets": {2022: 190_000_000, 2023: 200_000_000, 2024: 205_000_000},
        "criteria": [
            ("Relevans for integrering", 50),
            ("Gjennomførbarhet", 30),
            ("Medvirkning", 20),
        ],
    },
    {
        "code": "ressursmiljo",
        "name": "Nasjonale ressursmiljøer på integreringsfeltet",
        "description": "Stortinget fastsetter mottakere og beløp.",
        "eligible_types": [
            OrganisationType.VOLUNTARY,
            OrganisationType.IMMIGRANT_COMMUNITY,
            OrganisationType.FOUNDATION,
        ],
        "four_eyes": False,
        "external_board_rule": True,
        "payment_mode": Scheme.PaymentMode.ADVANCE,
        "budgets": {2022: 40_000_000, 2023: 42_000_000, 2024: 43_000_000},
        "criteria": [("Nasjonal betydning", 60), ("Styring og organisering", 40)],
    },
    {
        "code": "mangfold",
        "name": "Økt etnisk mangfold i arbeidslivet",
        "description": "Rekruttering og bedre bruk av kompetansen til ansatte med innvandrerbakgrunn.",
        "eligible_types": [OrganisationType.EMPLOYER],
        "four_eyes": True,
        "payment_mode": Scheme.PaymentMode.AFTER_REPORT,
        "budgets": {2022: 12_000_000, 2023: 12_500_000, 2024: 13_000_000},
        "criteria": [("Effekt på rekruttering", 60), ("Varighet", 40)],
    },
]
COUNTRIES = [
    "Syria",
    "Somalia",
    "Eritrea",
    "Afghanistan",
    "Irak",
    "Ukraina",
    "Polen",
    "Pakistan",
    "Etiopia",
    "Thailand",
]
# Status mix for applications (weights), every status represented.
STATUS_WEIGHTS = [
    (Status.DRAFT, 2),
    (Status.SUBMITTED, 8),
    (Status.WITHDRAWN, 3),
    (Status.IN_ASSESSMENT, 8),
    (Status.RETURNED, 2),
    (Status.READY_FOR_DECISION, 5),
    (Status.DECIDED, 8),
    (Status.APPEALED, 2),
    (Status.TO_BE_PAID, 6),
    (Status.AWAITING_REPORT, 12),
    (Status.REPORT_DELIVERED, 8),
    (Status.REPAYMENT_CLAIMED, 2),
    (Status.CLOSED, 34),
]
DECIDED_STATUSES = {
    Status.DECIDED,
    Status.APPEALED,
    Status.TO_BE_PAID,
    Status.AWAITING_REPORT,
    Status.REPORT_DELIVERED,
    Status.REPAYMENT_CLAIMED,
    Status.CLOSED,
}
GRANT_ONLY = {
    Status.TO_BE_PAID,
    Status.AWAITING_REPORT,
    Status.REPORT_DELIVERED,
    Status.REPAYMENT_CLAIMED,
}
ORG_NAMES = {
    OrganisationType.VOLUNTARY: [
        "Frivilligsentral",
        "Røde Kors lokallag",
        "Idrettslag",
        "Leksehjelp",
    ],
    OrganisationType.IMMIGRANT_COMMUNITY: [
        "Somalisk forening",
        "Syrisk kulturforening",
        "Eritreisk forening",
        "Afghansk forening",
    ],
    OrganisationType.FOUNDATION: ["Stiftelsen Mangfold", "Stiftelsen Inkludering"],
    OrganisationType.EMPLOYER: ["Bygg AS", "Omsorg AS", "Renhold AS", "Transport AS"],
}


# The newest year's grants still waiting for their report get deadlines around today (the
# first overdue, the second in the coming two weeks, then in turn), so that the officer's
# work list shows every kind of deadline. Days from today:
REPORT_OFFSETS = (-10, 5, 30, -40, 12, 60)


def _orgnr(rng: random.Random, used: set[str]) -> str:
    while True:
        base = str(rng.randint(80_000_000, 99_999_999))[:8]
        total = sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
        check = (11 - total % 11) % 11
        number = f"{base}{check}" if check < 10 else ""
        if number and stdnum_orgnr.is_valid(number) and number not in used:
            used.add(number)
            return number


@transaction.atomic
def seed(*, users, scale: float = 1.0, stdout=None) -> None:
    if Scheme.objects.exists():
        if stdout:
            stdout.write("grants: demo data already present, skipped")
        return
    rng = random.Random(42)
    officer, approver = users["tilskudd"], users["godkjenner"]
    municipalities = list(Municipality.objects.filter(number__in=MUNICIPALITIES))
    if len(municipalities) < 10:
        municipalities = list(Municipality.objects.order_by("number")[:40])

    schemes, budgets = {}, {}
    for spec in SCHEMES:
        scheme = Scheme.objects.create(
            code=spec["code"],
            name=spec["name"],
            description=spec["description"],
            eligible_types=[str(t) for t in spec["eligible_types"]],
            four_eyes=spec["four_eyes"],
            external_board_rule=spec.get("external_board_rule", False),
            payment_mode=spec["payment_mode"],
            has_participants=spec.get("has_participants", False),
            has_local_allocation=spec.get("has_local_allocation", False),
        )
        schemes[spec["code"]] = scheme
        Criterion.objects.bulk_create(
            Criterion(scheme=scheme, name=n, weight=w, order=i)
            for i, (n, w) in enumerate(spec["criteria"])
        )
        for year, amount in spec["budgets"].items():
            budget = SchemeBudget.objects.create(scheme=scheme, year=year, amount=Decimal(amount))
            budgets[(scheme.pk, year)] = budget
            Call.objects.create(
                scheme=scheme,
                year=year,
                title=f"{scheme.name} {year}",
                opens_on=dt.date(year - 1, 10, 1),
                deadline=dt.date(year - 1, 12, 1),
            )
            if scheme.has_local_allocation:
                # Two thirds go to the 40 municipalities; the directorate keeps a third.
                share = (Decimal(amount) * 2 / 3 / len(municipalities)).quantize(Decimal(1))
                MunicipalAllocation.objects.bulk_create(
                    MunicipalAllocation(budget=budget, municipality=m, amount=share)
                    for m in municipalities
                )
    calls = {(c.scheme_id, c.year): c for c in Call.objects.all()}

    used: set[str] = set()
    organisations = []
    for m in municipalities:
        organisations.append(
            Organisation(
                orgnr=_orgnr(rng, used),
                name=f"{m.name} kommune",
                type=OrganisationType.MUNICIPALITY,
                municipality=m,
            )
        )
    n_other = max(8, int(160 * scale))
    kinds = list(ORG_NAMES)
    for i in range(n_other):
        kind = kinds[i % len(kinds)]
        m = rng.choice(municipalities)
        membership = kind != OrganisationType.FOUNDATION or rng.random() < 0.3
        organisations.append(
            Organisation(
                orgnr=_orgnr(rng, used),
                name=f"{rng.choice(ORG_NAMES[kind])} {m.name} {i + 1}",
                type=kind,
                municipality=m,
                membership_based=membership,
                has_external_board=not membership and rng.random() < 0.8,
                board_has_immigrant_background=not membership and rng.random() < 0.8,
            )
        )
    organisations = Organisation.objects.bulk_create(organisations)
    by_type: dict[str, list[Organisation]] = {}
    for org in organisations:
        by_type.setdefault(org.type, []).append(org)

    today = timezone.localdate()
    waiting = 0  # the newest year's grants waiting for their report, so far
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    applications = []
    n_apps = max(26, int(1000 * scale))
    scheme_list = list(schemes.values())
    for i in range(n_apps):
        scheme = scheme_list[i % len(scheme_list)] if i % 3 else schemes["frivillige"]
        # The first applications show every status once, in the open year.
        year = YEARS[-1] if i < len(STATUS_WEIGHTS) else YEARS[(i // 7) % len(YEARS)]
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
        if year < 2024 and status not in DECIDED_STATUSES and status not in (Status.WITHDRAWN,):
            status = Status.CLOSED
        if year < YEARS[-1] and status in (Status.TO_BE_PAID, Status.AWAITING_REPORT) and i % 10:
            # Older grants have mostly reported; one in ten is still long overdue.
            status = Status.REPORT_DELIVERED
        candidates = [o for t in scheme.eligible_types for o in by_type.get(t, [])]
        org = rng.choice(candidates)
        if scheme.has_participants:
            amount = Decimal(rng.randrange(800_000, 3_000_000, 50_000))
        elif scheme.code == "ressursmiljo":
            amount = Decimal(rng.randrange(1_000_000, 4_000_000, 100_000))
        else:
            amount = Decimal(rng.randrange(50_000, 600_000, 10_000))
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 60))
        if year == YEARS[-1] and status in (Status.TO_BE_PAID, Status.AWAITING_REPORT):
            deadline = today + dt.timedelta(days=REPORT_OFFSETS[waiting % len(REPORT_OFFSETS)])
            waiting += 1
        elif status in DECIDED_STATUSES:
            deadline = dt.date(year + 1, 3, 31)
        else:
            deadline = None
        applications.append(
            Application(
                organisation=org,
                scheme=scheme,
                call=calls[(scheme.pk, year)],
                year=year,
                title=f"{scheme.name}: prosjekt {i + 1}",
                description="Demoprosjekt.",
                period_start=start,
                period_end=dt.date(year, 12, 31),
                amount_applied=amount,
                planned_participants=rng.randint(8, 30) if scheme.has_participants else None,
                target_group="Nyankomne innvandrere" if scheme.has_local_allocation else "",
                status=status,
                officer=None if status in (Status.DRAFT, Status.SUBMITTED) and i % 2 else officer,
                received_on=None
                if status == Status.DRAFT
                else dt.date(year - 1, 11, rng.randint(1, 30)),
                report_deadline=deadline,
            )
        )
    applications = Application.objects.bulk_create(applications)

    granted_so_far: dict[tuple[int, int], Decimal] = {}
    decisions, assessments, declarations, history, payments, reports, claims = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for app in applications:
        history.append(
            HistoryEntry(
                application=app, user=officer, kind=HistoryEntry.Kind.CREATED, to_status=app.status
            )
        )
        if app.status in (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN):
            continue
        if app.officer_id:
            declarations.append(
                ImpartialityDeclaration(application=app, officer=officer, conflict=False)
            )
        if app.status in (Status.IN_ASSESSMENT, Status.RETURNED):
            continue
        key = (app.scheme_id, app.year)
        budget = budgets[key].amount
        used_amount = granted_so_far.get(key, Decimal(0))
        roll = rng.random()
        if app.status in GRANT_ONLY or (app.status != Status.READY_FOR_DECISION and roll < 0.75):
            amount = (
                app.amount_applied
                if roll < 0.45
                else (app.amount_applied * Decimal("0.7")).quantize(Decimal(1000))
            )
            outcome = Decision.Outcome.GRANTED if roll < 0.45 else Decision.Outcome.PARTLY_GRANTED
            if used_amount + amount > budget:
                outcome, amount = Decision.Outcome.REJECTED, Decimal(0)
        else:
            outcome, amount = Decision.Outcome.REJECTED, Decimal(0)
        if app.status in GRANT_ONLY and outcome == Decision.Outcome.REJECTED:
            app.status = Status.CLOSED
            Application.objects.filter(pk=app.pk).update(status=Status.CLOSED)
        rec = {"granted": "grant", "partly_granted": "partly", "rejected": "reject"}[outcome]
        assessments.append(
            Assessment(
                application=app,
                officer=officer,
                recommendation=rec,
                proposed_amount=amount,
                summary="Vurdert etter kriteriene.",
            )
        )
        if app.status == Status.READY_FOR_DECISION:
            continue
        granted_so_far[key] = used_amount + amount
        decided_on = dt.date(app.year, 2, 15) if app.year < 2024 else dt.date(2024, 3, 1)
        decisions.append(
            Decision(
                application=app,
                outcome=outcome,
                amount=amount,
                reasons="Søknaden er vurdert etter ordningens kriterier.",
                prepared_by=officer,
                decided_by=approver,
                decided_on=decided_on,
                appeal_deadline=decided_on + dt.timedelta(days=21),
                report_deadline=app.report_deadline
                if outcome != Decision.Outcome.REJECTED
                else None,
            )
        )
        if outcome != Decision.Outcome.REJECTED and app.status in GRANT_ONLY | {Status.CLOSED}:
            if app.status != Status.TO_BE_PAID:
                payments.append(
                    Payment(
                        application=app,
                        amount=amount,
                        due_on=decided_on + dt.timedelta(days=30),
                        paid_on=decided_on + dt.timedelta(days=30),
                        registered_by=officer,
                    )
                )
            if app.status in (Status.REPORT_DELIVERED, Status.REPAYMENT_CLAIMED, Status.CLOSED):
                spent = (
                    amount
                    if app.status != Status.REPAYMENT_CLAIMED
                    else (amount * Decimal("0.8")).quantize(Decimal(1))
                )
                reports.append(
                    GrantReport(
                        application=app,
                        received_on=dt.date(app.year + 1, 3, 15),
                        amount_spent=spent,
                        results="Gjennomført som planlagt.",
                        registered_by=officer,
                    )
                )
                if app.status == Status.REPAYMENT_CLAIMED:
                    claims.append(
                        RepaymentClaim(
                            application=app,
                            amount=amount - spent,
                            reason="Ubrukte midler.",
                            claimed_on=dt.date(app.year + 1, 4, 1),
                            due_on=dt.date(app.year + 1, 5, 1),
                        )
                    )
    assessments = Assessment.objects.bulk_create(assessments)
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.all():
        criteria.setdefault(criterion.scheme_id, []).append(criterion)
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assessment=a,
            criterion=c,
            score=rng.randint(4, 6) if a.recommendation != "reject" else rng.randint(1, 3),
        )
        for a in assessments
        for c in criteria[a.application.scheme_id]
    )
    decisions = Decision.objects.bulk_create(decisions)
    Appeal.objects.bulk_create(
        Appeal(
            application=d.application,
            decision=d,
            received_on=d.decided_on + dt.timedelta(days=10),
            within_deadline=True,
            summary="Søker ber om at vedtaket vurderes på nytt.",
            registered_by=officer,
        )
        for d in decisions
        if d.application.status == Status.APPEALED
    )
    ImpartialityDeclaration.objects.bulk_create(declarations)
    HistoryEntry.objects.bulk_create(history)
    Payment.objects.bulk_create(payments)
    GrantReport.objects.bulk_create(reports)
    RepaymentClaim.objects.bulk_create(claims)

    # Jobbsjansen participants: outcomes near 75 % to work or education.
    projects = [
        a
        for a in applications
        if a.scheme.has_participants and a.status in GRANT_ONLY | {Status.CLOSED}
    ]
    granted_projects = set(
        Decision.objects.filter(
            application__in=projects, outcome__in=Decision.GRANTING
        ).values_list("application_id", flat=True)
    )
    projects = [p for p in projects if p.pk in granted_projects] or projects[:1]
    participants = []
    n_participants = max(20, int(2000 * scale))
    outcomes = [
        Participant.Outcome.WORK,
        Participant.Outcome.EDUCATION,
        Participant.Outcome.OTHER,
        Participant.Outcome.DROPPED_OUT,
    ]
    for i in range(n_participants):
        project = projects[i % len(projects)] if projects else None
        if project is None:
            break
        start = project.period_start + dt.timedelta(days=rng.randint(0, 120))
        leaves = rng.random() < 0.85
        end = start + dt.timedelta(days=rng.randint(180, 600)) if leaves else None
        if end and end > dt.date(2025, 6, 30):
            end = None
        outcome = rng.choices(outcomes, [48, 27, 15, 10])[0] if end else ""
        participants.append(
            Participant(
                application=project,
                pseudonym=f"JS-{project.pk:05d}-{i:05d}",
                birth_year=rng.randint(1965, 2003),
                country_of_birth=rng.choice(COUNTRIES),
                start_date=start,
                end_date=end,
                outcome=outcome,
            )
        )
    Participant.objects.bulk_create(participants, batch_size=1000)
    from grants.selectors import STATISTICS_DATA
    from imdi import datacache

    datacache.bump(STATISTICS_DATA)  # bulk writes send no signals
    if stdout:
        stdout.write(
            f"grants: {len(schemes)} schemes, {len(organisations)} organisations, "
            f"{len(applications)} applications, {len(participants)} participants"
        )
