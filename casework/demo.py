"""Demo data for the casework register: 59 advisors in every county, 4 envoys, and about
900 advisor cases and 245 envoy cases a year for 2022-2024, distributed as IMDi's equality
statement for 2023 describes them. Deterministic (random.Random(42)); nothing is a real person.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from casework import crypto
from casework.models import (
    Advisor,
    AgeGroup,
    Case,
    CaseService,
    CaseTheme,
    Channel,
    Exposure,
    Gender,
    JournalEntry,
    Kind,
    Outreach,
    Service,
    Station,
    Theme,
    WorkplaceKind,
)
from casework.selectors import DATA
from casework.services import REFERENCE_ALPHABET
from imdi import datacache
from imdi.models import County, Municipality
from imdi.roles import Role

YEARS = {2022: (880, 232), 2023: (897, 245), 2024: (905, 251)}
ADVISOR_COUNT = 59

ADVISOR_COUNTRIES = {
    "IQ": 14, "SO": 12, "AF": 11, "PK": 9, "SY": 8, "ER": 5, "TR": 4, "IR": 4, "MA": 3,
    "ET": 3, "GM": 2, "SD": 2, "YE": 2, "LB": 2, "PS": 2, "IN": 2, "LK": 1, "BD": 1,
    "XK": 1, "BA": 1, "VN": 1, "NO": 3, "ZZ": 3,
}  # fmt: skip
ENVOY_COUNTRIES = {
    "IQ": 18, "SO": 16, "RU": 12, "PK": 11, "SY": 9, "AF": 6, "ER": 4, "JO": 3, "TR": 3,
    "KE": 3, "YE": 3, "LB": 3, "ET": 3, "SD": 2, "EG": 2, "ZZ": 2,
}  # fmt: skip
STAY_BY_STATION = {
    Station.AMMAN: ["IQ", "SY", "JO", "LB", "PS"],
    Station.ANKARA: ["TR", "IQ", "SY", "RU", "IR"],
    Station.ISLAMABAD: ["PK", "AF", "IN", "BD"],
    Station.NAIROBI: ["SO", "KE", "ET", "ER", "SD"],
}
GENDER = {
    Kind.ADVISOR: {Gender.FEMALE: 80, Gender.MALE: 18, Gender.OTHER: 2},
    Kind.ENVOY: {Gender.FEMALE: 64, Gender.MALE: 34, Gender.OTHER: 2},
}
AGES = {
    Kind.ADVISOR: {"0-12": 3, "13-15": 17, "16-17": 43, "18-25": 30, "26+": 5, "unknown": 2},
    Kind.ENVOY: {"0-12": 12, "13-15": 25, "16-17": 28, "18-25": 28, "26+": 5, "unknown": 2},
}
FIRST_THEME = {
    Kind.ADVISOR: {
        Theme.SOCIAL_CONTROL: 55,
        Theme.HONOUR_VIOLENCE: 18,
        Theme.FORCED_MARRIAGE: 10,
        Theme.PSYCHOLOGICAL: 9,
        Theme.STAY_ABROAD: 6,
        Theme.FGM: 2,
    },
    Kind.ENVOY: {Theme.STAY_ABROAD: 86, Theme.FORCED_MARRIAGE: 8, Theme.HONOUR_VIOLENCE: 6},
}
CHANNELS = {
    Kind.ADVISOR: {
        Channel.IN_PERSON: 55,
        Channel.REFERRAL: 15,
        Channel.PHONE: 8,
        Channel.INSTAGRAM: 8,
        Channel.SNAPCHAT: 6,
        Channel.NORA: 4,
        Channel.UNG_NO: 4,
    },
    Kind.ENVOY: {Channel.REFERRAL: 50, Channel.PHONE: 30, Channel.IN_PERSON: 15, Channel.NORA: 5},
}
SERVICES = {
    Kind.ADVISOR: [
        Service.CHILD_WELFARE,
        Service.POLICE,
        Service.HEALTH,
        Service.SHELTER,
        Service.NAV,
        Service.EXPERT_TEAM,
        Service.KOMPETANSETEAMET,
    ],
    Kind.ENVOY: [
        Service.FOREIGN_SERVICE,
        Service.UDI,
        Service.CHILD_WELFARE,
        Service.POLICE,
        Service.EXPERT_TEAM,
    ],
}
JOURNAL_TEXTS = [
    "Samtale med eleven om situasjonen hjemme. Gitt råd om rettigheter og hvem som kan hjelpe.",
    "Drøftet saken anonymt med fagteamet. Avtalt ny samtale om en uke.",
    "Kontakt med barnevernet etter samtykke. Bekymringsmelding sendt.",
    "Oppfølgingssamtale. Situasjonen er roligere; avtalt å holde kontakt.",
    "Bistått med kontakt til krisesenteret. Trygghetsplan gått gjennom.",
    "Samtale med kontaktlærer om tilrettelegging på skolen.",
    "Kontakt med ambassaden og UD om mulig retur til Norge.",
    "Veiledning om tvangsekteskap og hjelp fra Kompetanseteamet.",
]
ENVOY_JOURNAL_TEXTS = [
    "Samtale på ambassaden. Kartlagt situasjonen og ønske om retur.",
    "Samarbeid med UD om reisedokumenter.",
    "Kontakt med barnevernet i Norge før retur.",
    "Personen er trygt returnert til Norge. Overført til oppfølging hjemme.",
]
FIRST_NAMES = [
    "Amina", "Jonas", "Sara", "Ali", "Ingrid", "Mohammed", "Nora", "Fatima", "Ole", "Leila",
    "Hassan", "Marte", "Yasmin", "Erik", "Hanna", "Omar", "Sofie", "Ahmed", "Kari", "Samira",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Ahmadi", "Johansen", "Khan", "Olsen", "Hussein", "Larsen", "Ali", "Berg",
    "Mohamud", "Nilsen", "Rahimi", "Dahl", "Yusuf", "Lie", "Karimi",
]  # fmt: skip
PERSON_NAMES = ["Aisha", "Maryam", "Zainab", "Hodan", "Nadia", "Sana", "Rukia", "Yusra"]
OUTREACH_TOPICS = [
    "Negativ sosial kontroll: hva skolen kan gjøre",
    "Kurs for lærere om æresrelatert vold",
    "Foreldremøte om ungdommers rettigheter",
    "Kampanje om tvangsekteskap i sosiale medier",
    "Fagdag for helsesykepleiere",
    "Foredrag for elevråd",
]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        ref = prefix + "-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
        if ref not in taken and not Case.objects.filter(reference=ref).exists():
            taken.add(ref)
            return ref


def _advisors(rng: random.Random, users: dict) -> tuple[list[Advisor], list[Advisor]]:
    User = get_user_model()
    counties = list(County.objects.order_by("number"))
    by_county = {}
    for m in Municipality.objects.order_by("number"):
        by_county.setdefault(m.county_id, []).append(m)
    # Accounts for the advisors and envoys who are not demo users; they cannot log in.
    staff = []
    for i in range(ADVISOR_COUNT - 2 + 3):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user = User(
            username=f"demo-mr{i + 3:02d}",
            first_name=first,
            last_name=last,
            email=f"demo-mr{i + 3:02d}@demo.imdi.no",
        )
        user.set_unusable_password()
        staff.append(user)
    User.objects.bulk_create(staff, ignore_conflicts=True)
    staff = list(User.objects.filter(username__startswith="demo-mr").order_by("username"))
    advisor_group = Group.objects.get(name=str(Role.DIVERSITY_ADVISOR))
    envoy_group = Group.objects.get(name=str(Role.SPECIAL_ENVOY))
    accounts = [users.get("radgiver1"), users.get("radgiver2")] + staff[: ADVISOR_COUNT - 2]
    envoy_accounts = [users.get("utsending1")] + staff[ADVISOR_COUNT - 2 :]

    advisors = []
    for i in range(ADVISOR_COUNT):
        county = counties[i % len(counties)]
        municipality = (
            by_county[county.pk][0] if i < len(counties) else rng.choice(by_county[county.pk])
        )
        kind = _pick(rng, {WorkplaceKind.UPPER_SECONDARY: 80, WorkplaceKind.LOWER_SECONDARY: 10,
                           WorkplaceKind.ADULT_EDUCATION: 10})  # fmt: skip
        suffix = {
            WorkplaceKind.UPPER_SECONDARY: "videregående skole",
            WorkplaceKind.LOWER_SECONDARY: "ungdomsskole",
            WorkplaceKind.ADULT_EDUCATION: "voksenopplæringssenter",
        }[kind]
        advisors.append(
            Advisor(
                user=accounts[i],
                kind=Kind.ADVISOR,
                workplace=f"{municipality.name} {suffix}",
                workplace_kind=kind,
                municipality=municipality,
            )
        )
    envoys = [
        Advisor(
            user=envoy_accounts[i],
            kind=Kind.ENVOY,
            workplace=f"Norges ambassade i {station.label}",
            workplace_kind=WorkplaceKind.EMBASSY,
            station=station,
        )
        for i, station in enumerate(Station)
    ]
    Advisor.objects.bulk_create(advisors + envoys)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=a.user_id, group_id=advisor_group.pk) for a in advisors]
        + [Through(user_id=e.user_id, group_id=envoy_group.pk) for e in envoys],
        ignore_conflicts=True,
    )
    return list(
        Advisor.objects.filter(kind=Kind.ADVISOR).select_related("municipality").order_by("pk")
    ), list(Advisor.objects.filter(kind=Kind.ENVOY).order_by("pk"))


def _case(rng, kind, owner, opened, today, taken, registered_by):
    closed = None
    if rng.random() < (0.97 if opened.year < today.year - 1 else 0.75):
        closed = opened + datetime.timedelta(days=rng.randint(7, 300))
        if closed >= today:
            closed = None
    country = _pick(rng, ADVISOR_COUNTRIES if kind == Kind.ADVISOR else ENVOY_COUNTRIES)
    age_group = _pick(rng, AGES[kind])
    birth_year = None
    if age_group != AgeGroup.UNKNOWN and rng.random() < 0.4:
        low, high = {"0-12": (8, 12), "13-15": (13, 15), "16-17": (16, 17), "18-25": (18, 25),
                     "26+": (26, 40)}[age_group]  # fmt: skip
        birth_year = opened.year - rng.randint(low, high)
    case = Case(
        reference=_reference(rng, "U" if kind == Kind.ENVOY else "R", taken),
        kind=kind,
        owner=owner,
        registered_by_id=registered_by,
        county_id=owner.municipality.county_id if owner.municipality_id else None,
        status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        opened_on=opened,
        closed_on=closed,
        follow_up_on=None if closed else today + datetime.timedelta(days=rng.randint(-10, 20)),
        gender=_pick(rng, GENDER[kind]),
        birth_year=birth_year,
        age_group=age_group,
        country_of_origin=country,
        exposure=_pick(rng, {Exposure.AT_RISK: 42, Exposure.EXPOSED: 58}),
        contact_channel=_pick(rng, CHANNELS[kind]),
    )
    if kind == Kind.ENVOY:
        case.country_of_stay = rng.choice(STAY_BY_STATION[owner.station])
        if closed and rng.random() < 0.7:
            case.returned_to_norway = True
            case.returned_on = closed - datetime.timedelta(days=rng.randint(0, 6))
            case.returned_on = max(case.returned_on, opened)
    return case


DEPARTED_CASES = 4


def _departed_advisor(advisors: list[Advisor], users: dict, today: datetime.date, taken) -> int:
    """An advisor who has left (their placement inactive, their account closed) and still
    holds open cases: the coordinator's box "cases without an active owner" lists them, and
    the coordinator assigns them to a colleague. They worked in the same municipality as the
    demo user radgiver2, who is therefore among the suggested receivers.

    Its own random generator, so the rest of the demo is the same as without it; the cases
    are opened this year, so the statistics of the years before are unchanged too. Returns
    the number of cases.
    """
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    User = get_user_model()
    user = User(
        username="demo-sluttet1",
        first_name="Torill",
        last_name="Sluttvik",
        email="demo-sluttet1@demo.imdi.no",
        is_active=False,  # left: the account is closed
    )
    user.set_unusable_password()
    User.objects.bulk_create([user], ignore_conflicts=True)
    user = User.objects.get(username="demo-sluttet1")
    colleague_user = users.get("radgiver2")
    colleague = next(
        (a for a in advisors if colleague_user and a.user_id == colleague_user.pk), advisors[0]
    )
    departed = Advisor.objects.create(
        user=user,
        kind=Kind.ADVISOR,
        workplace=colleague.workplace,
        workplace_kind=colleague.workplace_kind,
        municipality=colleague.municipality,
        active=False,  # what leaving is in the register
    )
    start = max(today - datetime.timedelta(days=150), datetime.date(today.year, 1, 1))
    cases = []
    for _ in range(DEPARTED_CASES):
        opened = start + datetime.timedelta(days=rng.randint(0, (today - start).days))
        case = _case(rng, Kind.ADVISOR, departed, opened, today, taken, user.pk)
        case.status, case.closed_on = Case.Status.OPEN, None
        # Follow-up dates a week or a few after opening: the work waits for a new owner.
        case.follow_up_on = opened + datetime.timedelta(days=rng.randint(7, 30))
        cases.append(case)
    Case.objects.bulk_create(cases)
    cases = list(Case.objects.filter(owner=departed).order_by("pk"))
    CaseTheme.objects.bulk_create(
        CaseTheme(case=case, theme=_pick(rng, FIRST_THEME[Kind.ADVISOR])) for case in cases
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            case=case,
            date=case.opened_on,
            entry_kind=JournalEntry.EntryKind.ADVICE,
            text=rng.choice(JOURNAL_TEXTS),
            author_id=user.pk,
        )
        for case in cases
    )
    return len(cases)


@transaction.atomic
def seed(*, users: dict, scale: float = 1.0, stdout=None) -> None:
    if Advisor.objects.exists():
        if stdout:
            stdout.write("casework: demo data exists, skipped")
        return
    rng = random.Random(42)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    advisors, envoys = _advisors(rng, users)
    demo_owners = {a.pk for a in advisors + envoys if a.user_id in {u.pk for u in users.values()}}
    taken: set[str] = set()
    cases: list[Case] = []
    for year, (n_advisor, n_envoy) in YEARS.items():
        for kind, n, owners in ((Kind.ADVISOR, n_advisor, advisors), (Kind.ENVOY, n_envoy, envoys)):
            for _ in range(max(1, round(n * scale))):
                owner = rng.choice(owners)
                opened = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
                cases.append(_case(rng, kind, owner, opened, today, taken, owner.user_id))
    # Current work for the demo users: open cases this year with follow-up dates.
    for owner in [a for a in advisors + envoys if a.pk in demo_owners]:
        for _ in range(6):
            opened = today - datetime.timedelta(days=rng.randint(3, 120))
            case = _case(rng, owner.kind, owner, opened, today, taken, owner.user_id)
            case.status, case.closed_on = Case.Status.OPEN, None
            case.follow_up_on = today + datetime.timedelta(days=rng.randint(-5, 14))
            if rng.random() < 0.3:
                case.name_encrypted = crypto.encrypt(rng.choice(PERSON_NAMES))
            cases.append(case)
    Case.objects.bulk_create(cases, batch_size=500)
    cases = list(Case.objects.select_related("owner").order_by("pk"))

    themes, services, journal = [], [], []
    for case in cases:
        first = _pick(rng, FIRST_THEME[case.kind])
        chosen = {first}
        if rng.random() < 0.45:
            chosen.add(rng.choice([Theme.SOCIAL_CONTROL, Theme.PSYCHOLOGICAL, Theme.HONOUR_VIOLENCE,
                                   Theme.FORCED_MARRIAGE]))  # fmt: skip
        themes += [CaseTheme(case=case, theme=t) for t in sorted(chosen)]
        for service in rng.sample(SERVICES[case.kind], k=rng.choice([0, 1, 1, 2])):
            start = case.opened_on + datetime.timedelta(days=rng.randint(0, 20))
            start = min(start, today)
            end = case.closed_on if case.closed_on and case.closed_on >= start else None
            services.append(CaseService(case=case, service=service, started_on=start, ended_on=end))
        texts = ENVOY_JOURNAL_TEXTS if case.kind == Kind.ENVOY else JOURNAL_TEXTS
        last = case.closed_on or today
        for _ in range(rng.randint(1, 3)):
            span = max((last - case.opened_on).days, 0)
            journal.append(
                JournalEntry(
                    case=case,
                    date=case.opened_on + datetime.timedelta(days=rng.randint(0, span)),
                    entry_kind=rng.choice(list(JournalEntry.EntryKind)),
                    text=rng.choice(texts),
                    author_id=case.owner.user_id,
                )
            )
    CaseTheme.objects.bulk_create(themes, batch_size=1000)
    CaseService.objects.bulk_create(services, batch_size=1000)
    JournalEntry.objects.bulk_create(journal, batch_size=1000)

    outreach = []
    for advisor in advisors + envoys:
        for year in list(YEARS) + [today.year]:
            for _ in range(rng.randint(3, 9) if year != today.year else rng.randint(1, 3)):
                kind = _pick(rng, {Outreach.OutreachKind.SEMINAR: 3, Outreach.OutreachKind.TALK: 5,
                                   Outreach.OutreachKind.CAMPAIGN: 2})  # fmt: skip
                digital = kind == Outreach.OutreachKind.CAMPAIGN
                outreach.append(
                    Outreach(
                        advisor=advisor,
                        date=min(
                            datetime.date(year, 1, 1)
                            + datetime.timedelta(days=rng.randint(0, 364)),
                            today,
                        ),
                        outreach_kind=kind,
                        audience=Outreach.Audience.PUBLIC
                        if digital
                        else rng.choice(list(Outreach.Audience)[:5]),
                        channel=rng.choice(
                            [Channel.INSTAGRAM, Channel.SNAPCHAT, Channel.NORA, Channel.UNG_NO]
                        )
                        if digital
                        else "",
                        topic=rng.choice(OUTREACH_TOPICS),
                        reached=rng.randint(800, 12000) if digital else rng.randint(10, 180),
                    )
                )
    Outreach.objects.bulk_create(outreach, batch_size=1000)
    departed = _departed_advisor(advisors, users, today, taken)
    datacache.bump(DATA)  # bulk writes send no signal: the cached statistics are stale now
    if stdout:
        stdout.write(
            f"casework: {len(advisors)} advisors, {len(envoys)} envoys, {len(cases)} cases, "
            f"{len(journal)} journal entries, {len(outreach)} outreach activities; "
            f"1 advisor who has left, with {departed} open cases to reassign"
        )
