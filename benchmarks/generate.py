"""Fill a PostgreSQL database with ten years of the directorate's data, times ``--scale``.

Scale 1 is ten years of IMDi: about 11,000 cases with their journals, 10,000 applications,
20,000 Jobbsjansen participants and 3,000 employee records. Scale 100 is a hundred times
that. Staff grows with the data (a larger agency has more advisors and grant officers), so
one advisor's case load stays the same while the register around them grows.

The rows go through the apps' real tables: the database is created afresh, migrated with the
apps' own migrations, and filled with PostgreSQL COPY (psycopg 3) with ids assigned here, so
that foreign keys need no look-ups. Columns a generator does not name get the model field's
default, so a new field with a default does not break the generator. Deterministic:
``random.Random(42)`` and fixed dates.

    .venv/bin/python benchmarks/generate.py --scale 1            # -> database imdi_bench_s1
    .venv/bin/python benchmarks/generate.py --scale 100 --force
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

GENERATOR_VERSION = 5
YEARS = list(range(2017, 2027))  # ten years, the last one in progress
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"


def db_name(scale: float) -> str:
    text = f"{scale:g}".replace(".", "_")
    return f"imdi_bench_s{text}"


def existing_scale(name: str) -> str | None:
    exists = common.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if not exists:
        return None
    try:
        return common.psql("SELECT value FROM bench_meta WHERE key = 'scale_version'", name)
    except subprocess.CalledProcessError:
        return None


# --- COPY -----------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


class Loader:
    """COPY rows into a model's table. Rows are tuples in the order of ``columns``; the
    model's other columns get their field default (or NULL / '' where allowed)."""

    def __init__(self, connection, stdout):
        self.connection = connection
        self.stdout = stdout
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def _fill(self, model, columns):
        from django.db import models

        extra_cols, extra_vals = [], []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.attname in columns or f.column in columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = NOW
            elif f.has_default():
                value = f.get_default()
                if isinstance(f, models.JSONField):
                    value = json.dumps(value)
            elif f.null:
                value = None
            elif isinstance(f, models.FileField) or (
                f.blank and isinstance(f, models.CharField | models.TextField)
            ):
                value = ""
            else:
                raise RuntimeError(f"{model.__name__}.{f.name} has no value and no default")
            extra_cols.append(f.column)
            extra_vals.append(value)
        return extra_cols, "\t".join(_text(v) for v in extra_vals)

    def copy(self, model, columns: list[str], rows) -> int:
        table = model._meta.db_table
        extra_cols, extra_text = self._fill(model, columns)
        names = ", ".join(f'"{c}"' for c in columns + extra_cols)
        suffix = ("\t" + extra_text if extra_cols else "") + "\n"
        n = 0
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            raw = cursor.connection  # psycopg 3 connection under Django's wrapper
            with raw.cursor() as pgcur, pgcur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                buffer = []
                for row in rows:
                    buffer.append("\t".join(map(_text, row)) + suffix)
                    n += 1
                    if len(buffer) >= 20000:
                        copy.write("".join(buffer))
                        buffer.clear()
                if buffer:
                    copy.write("".join(buffer))
        self.counts[table] = self.counts.get(table, 0) + n
        self.seconds[table] = self.seconds.get(table, 0.0) + time.perf_counter() - started
        return n

    def summary(self) -> None:
        for table, n in self.counts.items():
            self.stdout.write(f"  {table}: {n:,} rows, {self.seconds[table]:.1f} s\n")


# --- Helpers ----------------------------------------------------------------------------------


def n_of(base: float, scale: float) -> int:
    return max(1, int(round(base * scale)))


def orgnr_for(seq: int) -> str:
    """A valid 9-digit organisation number (MOD11) from a sequence number; None if the base
    has no check digit."""
    base = f"{80000000 + seq:08d}"
    weights = [3, 2, 7, 6, 5, 4, 3, 2]
    rest = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    check = 0 if rest == 0 else 11 - rest
    if check == 10:
        return ""
    return base + str(check)


def case_reference(prefix: str, case_id: int) -> str:
    """Unique per id: an affine permutation of the id in base 26, six letters."""
    space = len(REFERENCE_ALPHABET) ** 6
    n = (case_id * 7_919_993 + 12_345) % space
    chars = []
    for _ in range(6):
        n, r = divmod(n, len(REFERENCE_ALPHABET))
        chars.append(REFERENCE_ALPHABET[r])
    return f"{prefix}-{''.join(chars)}"


def day_in(rng: random.Random, year: int, until: dt.date = TODAY) -> dt.date:
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), until)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def at_of(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def set_sequences(connection, models_) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            pk = model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                f'COALESCE((SELECT MAX("{pk}") FROM "{table}"), 0) + 1, false)'
            )


# --- The generator --------------------------------------------------------------------------


class Generator:
    def __init__(self, scale: float, stdout):
        from django.db import connection

        self.scale = scale
        self.rng = random.Random(42)
        self.stdout = stdout
        self.connection = connection
        self.load = Loader(connection, stdout)
        self.next_user_id = None

    def run(self) -> dict:
        from django.db import transaction

        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
            cursor.execute("SET synchronous_commit = off")
        tables = set(self.connection.introspection.table_names())
        with transaction.atomic():
            self.users()
            for part, table in (
                (self.casework, "casework_case"),
                (self.grants, "grants_application"),
                (self.hr, "hr_employeerecord"),
                (self.reports, "reports_reportexport"),
            ):
                if table in tables:
                    part()
                else:
                    self.stdout.write(f"SKIPPED {part.__name__}: no table {table} (no migration)\n")
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
        self.load.summary()
        return self.load.counts

    # Users ------------------------------------------------------------------------------------

    def users(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from imdi.demo import DEMO_USERS

        User = get_user_model()
        self.personas = {}
        for username, first, last, role in DEMO_USERS:
            user = User.objects.create_user(
                username=username,
                password=None,  # the benchmarks log in with verified sessions
                first_name=first,
                last_name=last,
                email=f"{username}@bench.imdi.no",
                is_staff=username == "admin",
                is_superuser=username == "admin",
            )
            if role is not None:
                user.groups.add(Group.objects.get(name=str(role)))
            self.personas[username] = user
        self.groups = {g.name: g.pk for g in Group.objects.all()}
        self.next_user_id = User.objects.order_by("-pk").first().pk + 1

    def staff(self, prefix: str, count: int, role) -> list[int]:
        """``count`` user accounts (no usable password) in the role's group."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import User as AuthUser

        User = get_user_model()
        first = self.next_user_id
        ids = list(range(first, first + count))
        self.next_user_id += count
        self.load.copy(
            User,
            ["id", "username", "password", "first_name", "last_name", "email", "date_joined"],
            (
                (uid, f"{prefix}{i:06d}", "!", "Ansatt", f"{prefix.title()} {i}", "", NOW)
                for i, uid in enumerate(ids, start=1)
            ),
        )
        self.load.copy(
            AuthUser.groups.through,
            ["user_id", "group_id"],
            ((uid, self.groups[str(role)]) for uid in ids),
        )
        return ids

    # Casework ----------------------------------------------------------------------------------

    def casework(self) -> None:
        from casework import crypto
        from casework.models import (
            Advisor,
            AgeGroup,
            Case,
            CaseService,
            CaseTheme,
            CaseTransfer,
            Channel,
            Country,
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
        from imdi.models import AuditEvent, Municipality
        from imdi.roles import Role

        rng, s = self.rng, self.scale
        self.stdout.write("Casework\n")
        county_of = dict(Municipality.objects.values_list("pk", "county_id"))
        municipality_ids = sorted(county_of)

        n_adv, n_env = n_of(59, s), n_of(4, s)
        adv_users = [self.personas["radgiver1"].pk, self.personas["radgiver2"].pk]
        adv_users += self.staff("radgiver", n_adv - 2, Role.DIVERSITY_ADVISOR)
        env_users = [self.personas["utsending1"].pk]
        env_users += self.staff("utsending", n_env - 1, Role.SPECIAL_ENVOY)
        advisors = []  # (id, user_id, kind, municipality_id, station)
        for i, uid in enumerate(adv_users):
            advisors.append(
                (i + 1, uid, Kind.ADVISOR.value, rng.choice(municipality_ids), "", i % 3)
            )
        stations = Station.values
        for j, uid in enumerate(env_users):
            advisors.append((n_adv + j + 1, uid, Kind.ENVOY.value, None, stations[j % 4], 3))
        school_kinds = [
            WorkplaceKind.UPPER_SECONDARY,
            WorkplaceKind.LOWER_SECONDARY,
            WorkplaceKind.ADULT_EDUCATION,
            WorkplaceKind.EMBASSY,
        ]
        self.load.copy(
            Advisor,
            ["id", "user_id", "kind", "workplace", "workplace_kind", "municipality_id", "station"],
            (
                (
                    a[0],
                    a[1],
                    a[2],
                    f"Ambassaden i {a[4].title()}" if a[4] else f"Skole {a[0]}",
                    school_kinds[a[5]].value,
                    a[3],
                    a[4],
                )
                for a in advisors
            ),
        )
        advisor_rows = [a for a in advisors if a[2] == Kind.ADVISOR]
        envoy_rows = [a for a in advisors if a[2] == Kind.ENVOY]

        name_token = crypto.encrypt("Navn Navnesen")
        genders = [Gender.FEMALE.value] * 8 + [Gender.MALE.value] * 2 + [Gender.OTHER.value]
        origins_adv = ["IQ", "SO", "AF", "PK", "SY", "ER", "IR", "TR", "MA", "ZZ"]
        origins_env = ["IQ", "SO", "RU", "PK", "SY", "AF", "ER", "ZZ"]
        assert set(origins_adv + origins_env) <= set(Country.values)
        stays = ["PK", "IQ", "SO", "KE", "TR", "JO", "AF"]
        themes = Theme.values
        channels = Channel.values
        services = Service.values
        retention = dt.date(TODAY.year - 3, TODAY.month, TODAY.day)

        cases, case_themes, case_services, journal, transfers, audits = [], [], [], [], [], []
        case_id = theme_id = service_id = journal_id = transfer_id = 0
        per_year = n_of(1100, s)
        for year in YEARS:
            count = (
                per_year if year < TODAY.year else int(per_year * TODAY.timetuple().tm_yday / 365)
            )
            for _ in range(count):
                case_id += 1
                envoy = rng.random() < 0.21
                owner = rng.choice(envoy_rows if envoy else advisor_rows)
                opened = day_in(rng, year)
                age = rng.randint(10, 30)
                closed = None
                if rng.random() < 0.93 and (TODAY - opened).days > 60:
                    closed = opened + dt.timedelta(days=rng.randint(5, 300))
                    if closed > TODAY:
                        closed = None
                anonymised = closed is not None and closed < retention
                birth_year = None if anonymised else opened.year - age
                cases.append(
                    (
                        case_id,
                        case_reference("U" if envoy else "R", case_id),
                        owner[2],
                        owner[0],
                        owner[1],
                        county_of.get(owner[3]),
                        "closed" if closed else "open",
                        opened,
                        closed,
                        None if closed else opened + dt.timedelta(days=rng.randint(14, 120)),
                        "" if anonymised or rng.random() < 0.5 else name_token,
                        rng.choice(genders),
                        birth_year,
                        AgeGroup.for_age(age).value,
                        rng.choice(origins_env if envoy else origins_adv),
                        rng.choice([Exposure.AT_RISK.value, Exposure.EXPOSED.value]),
                        rng.choice(channels),
                        "" if anonymised else "Kort sammendrag av saken.",
                        rng.choice(stays) if envoy else "",
                        envoy and closed is not None and rng.random() < 0.6,
                        None if anonymised or not envoy or closed is None else closed,
                        at_of(closed + dt.timedelta(days=3 * 365 + 1)) if anonymised else None,
                        at_of(opened),
                        at_of(closed or opened),
                    )
                )
                if envoy:
                    chosen = [Theme.STAY_ABROAD.value]
                    if rng.random() < 0.4:
                        chosen.append(rng.choice([Theme.FORCED_MARRIAGE, Theme.HONOUR_VIOLENCE]))
                else:
                    chosen = rng.sample(themes[:5], rng.choice([1, 1, 2, 2, 3]))
                for theme in dict.fromkeys(chosen):
                    theme_id += 1
                    case_themes.append((theme_id, case_id, theme))
                for service in rng.sample(services, rng.choice([0, 1, 1, 2])):
                    service_id += 1
                    start = opened + dt.timedelta(days=rng.randint(0, 30))
                    end = None
                    if closed:
                        end = max(start, closed)
                    case_services.append((service_id, case_id, service, start, end))
                if not anonymised:
                    last = closed or TODAY
                    for _k in range(rng.randint(2, 8)):
                        journal_id += 1
                        day = opened + dt.timedelta(
                            days=rng.randint(0, max(0, (last - opened).days))
                        )
                        journal.append(
                            (
                                journal_id,
                                case_id,
                                day,
                                rng.choice(["advice", "action", "contact", "note"]),
                                "Samtale med eleven; avtalt oppfølging.",
                                owner[1],
                                at_of(day),
                            )
                        )
                if rng.random() < 0.02:
                    other = rng.choice(envoy_rows if envoy else advisor_rows)
                    if other[0] != owner[0]:
                        transfer_id += 1
                        transfers.append(
                            (
                                transfer_id,
                                case_id,
                                other[0],
                                owner[0],
                                "" if anonymised else "Eleven har flyttet.",
                                self.personas["koordinator"].pk,
                                at_of(opened + dt.timedelta(days=3)),
                            )
                        )
                audits.append(
                    (
                        owner[1],
                        f"user{owner[1]}",
                        "create",
                        "casework.case",
                        str(case_id),
                        at_of(opened),
                    )
                )
            case_cols = [
                "id", "reference", "kind", "owner_id", "registered_by_id", "county_id", "status",
                "opened_on", "closed_on", "follow_up_on", "name_encrypted", "gender", "birth_year",
                "age_group", "country_of_origin", "exposure", "contact_channel", "summary",
                "country_of_stay", "returned_to_norway", "returned_on", "anonymised_at",
                "created_at", "updated_at",
            ]  # fmt: skip
            self.load.copy(Case, case_cols, cases)
            self.load.copy(CaseTheme, ["id", "case_id", "theme"], case_themes)
            self.load.copy(
                CaseService, ["id", "case_id", "service", "started_on", "ended_on"], case_services
            )
            self.load.copy(
                JournalEntry,
                ["id", "case_id", "date", "entry_kind", "text", "author_id", "created_at"],
                journal,
            )
            self.load.copy(
                CaseTransfer,
                ["id", "case_id", "from_owner_id", "to_owner_id", "reason", "by_id", "at"],
                transfers,
            )
            self.load.copy(
                AuditEvent,
                ["user_id", "username", "action", "object_type", "object_id", "at"],
                audits,
            )
            for rows in (cases, case_themes, case_services, journal, transfers, audits):
                rows.clear()

        outreach = []
        kinds = ["seminar", "talk", "campaign"]
        audiences = ["pupils", "staff", "parents", "services", "organisations", "public"]
        oid = 0
        for a in advisors:
            for year in YEARS:
                for _ in range(rng.randint(10, 30)):
                    oid += 1
                    outreach.append(
                        (
                            oid,
                            a[0],
                            day_in(rng, year),
                            rng.choice(kinds),
                            rng.choice(audiences),
                            "Negativ sosial kontroll",
                            rng.randint(5, 300),
                            rng.choice(["", "instagram", "snapchat", "in_person"]),
                        )
                    )
        self.load.copy(
            Outreach,
            ["id", "advisor_id", "date", "outreach_kind", "audience", "topic", "reached",
             "channel"],
            outreach,
        )  # fmt: skip
        set_sequences(
            self.connection,
            [Advisor, Case, CaseTheme, CaseService, JournalEntry, CaseTransfer, Outreach],
        )

    # Grants ------------------------------------------------------------------------------------

    def grants(self) -> None:
        from grants import models as g
        from imdi.models import AuditEvent, Municipality
        from imdi.roles import Role

        rng, s = self.rng, self.scale
        self.stdout.write("Grants\n")
        municipality_ids = sorted(Municipality.objects.values_list("pk", flat=True))
        schemes_spec = [
            # code, name, eligible, share of applications, flags
            ("jobbsjansen", "Jobbsjansen", ["municipality"], 0.05, {"has_participants": True}),
            (
                "frivillige",
                "Integreringsarbeid i regi av frivillige organisasjoner",
                ["voluntary", "immigrant_community"],
                0.60,
                {"has_local_allocation": True},
            ),
            (
                "ressursmiljoer",
                "Nasjonale ressursmiljøer på integreringsfeltet",
                ["voluntary", "immigrant_community", "foundation"],
                0.05,
                {"external_board_rule": True},
            ),
            ("mangfold", "Økt etnisk mangfold i arbeidslivet", ["employer"], 0.30, {}),
        ]
        schemes, criteria = [], {}
        for code, name, eligible, _share, flags in schemes_spec:
            scheme = g.Scheme.objects.create(
                code=code, name=name, eligible_types=eligible, four_eyes=True, **flags
            )
            schemes.append(scheme)
            criteria[scheme.pk] = [
                g.Criterion.objects.create(scheme=scheme, name=c, weight=w, order=i).pk
                for i, (c, w) in enumerate(
                    [("Relevans", 40), ("Gjennomføring", 35), ("Kostnad", 25)]
                )
            ]
        calls = {}
        for scheme in schemes:
            for year in YEARS:
                calls[scheme.pk, year] = g.Call.objects.create(
                    scheme=scheme,
                    year=year,
                    title=f"{scheme.name} {year}",
                    opens_on=dt.date(year - 1, 10, 1),
                    deadline=dt.date(year - 1, 12, 1),
                ).pk

        officers = [self.personas["tilskudd"].pk] + self.staff(
            "tilskudd", n_of(8, s) - 1, Role.GRANT_OFFICER
        )
        approvers = [self.personas["godkjenner"].pk] + self.staff(
            "godkjenner", n_of(2, s) - 1, Role.GRANT_APPROVER
        )

        # Organisations: every municipality, and the others scaled.
        orgs = []  # (id, orgnr, name, type, municipality)
        seq = 0

        def next_orgnr():
            nonlocal seq
            while True:
                seq += 1
                value = orgnr_for(seq)
                if value:
                    return value

        m_names = dict(Municipality.objects.values_list("pk", "name"))
        for mid in municipality_ids:
            orgs.append(
                (len(orgs) + 1, next_orgnr(), f"{m_names[mid]} kommune", "municipality", mid)
            )
        for kind, base in (
            ("voluntary", 900),
            ("immigrant_community", 400),
            ("foundation", 50),
            ("employer", 500),
        ):
            for i in range(n_of(base, s)):
                orgs.append(
                    (len(orgs) + 1, next_orgnr(), f"Organisasjon {kind} {i + 1}", kind,
                     rng.choice(municipality_ids))
                )  # fmt: skip
        self.load.copy(
            g.Organisation,
            ["id", "orgnr", "name", "type", "municipality_id", "membership_based",
             "has_external_board", "board_has_immigrant_background"],
            ((o[0], o[1], o[2], o[3], o[4], o[3] != "foundation", o[3] == "foundation",
              o[3] == "foundation") for o in orgs),
        )  # fmt: skip
        self.load.copy(
            g.ContactPerson,
            ["id", "organisation_id", "name", "role", "email", "phone"],
            ((o[0], o[0], f"Kontakt {o[0]}", "Daglig leder", f"post{o[0]}@example.no", "")
             for o in orgs),
        )  # fmt: skip
        orgs_of = {}
        for o in orgs:
            orgs_of.setdefault(o[3], []).append(o[0])

        # Earlier years are done with: closed or withdrawn, a few repayment claims still open.
        finished = ["closed"] * 46 + ["withdrawn"] * 3 + ["repayment_claimed"]
        # Last year's reports were due on 31 March: most are in, about one in ten is overdue.
        last_year = ["closed"] * 6 + ["report_delivered"] * 3 + ["awaiting_report"]
        last_year += ["repayment_claimed"]
        current = (
            ["submitted"] * 4 + ["in_assessment"] * 5 + ["ready_for_decision"] * 2
            + ["decided"] * 2 + ["to_be_paid"] * 2 + ["awaiting_report"] * 3
            + ["draft", "returned", "withdrawn", "appealed"]
        )  # fmt: skip
        decided_states = {
            "decided", "appealed", "to_be_paid", "awaiting_report", "report_delivered",
            "repayment_claimed", "closed",
        }  # fmt: skip
        assessed_states = decided_states | {"ready_for_decision"}
        paid_states = {"awaiting_report", "report_delivered", "repayment_claimed", "closed"}

        apps, lines, history, declarations, assessments, scores = [], [], [], [], [], []
        decisions, payments, reports, appeals, claims, participants, audits = (
            [], [], [], [], [], [], [])  # fmt: skip
        granted_sum: dict[tuple[int, int], Decimal] = {}
        ids = dict.fromkeys(
            ["app", "line", "hist", "decl", "ass", "score", "dec", "pay", "rep", "appeal",
             "claim", "part"], 0)  # fmt: skip

        def nxt(key):
            ids[key] += 1
            return ids[key]

        per_year = n_of(1000, s)
        shares = [spec[3] for spec in schemes_spec]
        for year in YEARS:
            count = per_year if year < TODAY.year else per_year
            pool = (
                finished if year < TODAY.year - 1 else last_year if year < TODAY.year else current
            )
            for _ in range(count):
                scheme = rng.choices(schemes, shares)[0]
                eligible = scheme.eligible_types
                org = rng.choice(orgs_of[rng.choice(eligible)])
                status = rng.choice(pool)
                app_id = nxt("app")
                received = (
                    day_in(rng, year - 1, dt.date(year - 1, 12, 1)) if status != "draft" else None
                )
                start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
                applied = Decimal(rng.randrange(50, 2000) * 1000)
                officer = rng.choice(officers) if status not in ("draft", "submitted") else None
                apps.append(
                    (app_id, org, scheme.pk, calls[scheme.pk, year], year,
                     f"Prosjekt {app_id}", "Beskrivelse av prosjektet.", start, end, applied,
                     rng.randint(10, 80) if scheme.has_participants else None, "Innvandrere",
                     status, officer, received,
                     dt.date(year + 1, 3, 31) if status in decided_states else None,
                     at_of(received or dt.date(year - 1, 11, 1)), at_of(received or start))
                )  # fmt: skip
                for kind, desc in (("cost", "Lønn"), ("cost", "Lokaler"), ("funding", "Egenandel")):
                    lines.append((nxt("line"), app_id, kind, desc, applied / 3))
                history.append(
                    (
                        nxt("hist"),
                        app_id,
                        at_of(received or start),
                        officer,
                        "created",
                        "",
                        "submitted",
                        "",
                    )
                )
                audits.append(
                    (
                        officer,
                        "",
                        "create",
                        "grants.application",
                        str(app_id),
                        at_of(received or start),
                    )
                )
                if status in assessed_states and officer:
                    history.append(
                        (
                            nxt("hist"),
                            app_id,
                            at_of(start),
                            officer,
                            "transition",
                            "submitted",
                            "in_assessment",
                            "",
                        )
                    )
                    declarations.append((nxt("decl"), app_id, officer, False, "", at_of(start)))
                    ass_id = nxt("ass")
                    recommendation = rng.choice(["grant", "grant", "partly", "reject"])
                    proposed = (
                        applied
                        if recommendation == "grant"
                        else (applied * Decimal("0.6")).quantize(Decimal(1))
                        if recommendation == "partly"
                        else Decimal(0)
                    )
                    assessments.append(
                        (
                            ass_id,
                            app_id,
                            officer,
                            recommendation,
                            proposed,
                            "Vurdering.",
                            at_of(start),
                        )
                    )
                    for crit in criteria[scheme.pk]:
                        scores.append((nxt("score"), ass_id, crit, rng.randint(2, 6)))
                    if status in decided_states:
                        outcome = {
                            "grant": "granted",
                            "partly": "partly_granted",
                            "reject": "rejected",
                        }[recommendation]
                        decided_on = start + dt.timedelta(days=rng.randint(20, 80))
                        if decided_on > TODAY:
                            decided_on = TODAY
                        dec_id = nxt("dec")
                        decisions.append(
                            (
                                dec_id,
                                app_id,
                                outcome,
                                proposed,
                                "Begrunnelse.",
                                "",
                                officer,
                                rng.choice(approvers),
                                decided_on,
                                decided_on + dt.timedelta(days=21),
                                dt.date(year + 1, 3, 31) if outcome != "rejected" else None,
                                True,
                            )
                        )
                        history.append(
                            (
                                nxt("hist"),
                                app_id,
                                at_of(decided_on),
                                officer,
                                "decision",
                                "ready_for_decision",
                                "decided",
                                "",
                            )
                        )
                        if outcome != "rejected":
                            granted_sum[scheme.pk, year] = (
                                granted_sum.get((scheme.pk, year), Decimal(0)) + proposed
                            )
                            paid = status in paid_states
                            payments.append(
                                (
                                    nxt("pay"),
                                    app_id,
                                    proposed,
                                    decided_on + dt.timedelta(days=14),
                                    decided_on + dt.timedelta(days=14) if paid else None,
                                    officer if paid else None,
                                )
                            )
                            if (
                                status in ("report_delivered", "repayment_claimed", "closed")
                                and year < TODAY.year
                            ):
                                reports.append(
                                    (
                                        nxt("rep"),
                                        app_id,
                                        dt.date(year + 1, 3, 1),
                                        proposed * Decimal("0.95"),
                                        "Resultater.",
                                        officer,
                                    )
                                )
                            if status == "repayment_claimed":
                                claims.append(
                                    (
                                        nxt("claim"),
                                        app_id,
                                        (proposed * Decimal("0.05")).quantize(Decimal(1))
                                        or Decimal(1),
                                        "Ubrukte midler.",
                                        dt.date(year + 1, 5, 1),
                                        dt.date(year + 1, 6, 1),
                                        None,
                                    )
                                )
                            if scheme.has_participants and status in paid_states | {"to_be_paid"}:
                                for p in range(rng.randint(45, 95)):
                                    p_start = start + dt.timedelta(days=rng.randint(0, 200))
                                    left = year < TODAY.year or rng.random() < 0.3
                                    p_end = (
                                        p_start + dt.timedelta(days=rng.randint(90, 600))
                                        if left
                                        else None
                                    )
                                    if p_end and p_end > TODAY:
                                        p_end = None
                                    outcome_p = (
                                        ""
                                        if p_end is None
                                        else rng.choices(
                                            ["work", "education", "other", "dropped_out"],
                                            [50, 25, 15, 10],
                                        )[0]
                                    )
                                    participants.append(
                                        (
                                            nxt("part"),
                                            app_id,
                                            f"JS-{app_id}-{p + 1:03d}",
                                            rng.randint(1965, 2000),
                                            rng.choice(
                                                [
                                                    "Somalia",
                                                    "Syria",
                                                    "Eritrea",
                                                    "Afghanistan",
                                                    "Irak",
                                                    "Thailand",
                                                ]
                                            ),
                                            p_start,
                                            p_end,
                                            outcome_p,
                                        )
                                    )
                        if status == "appealed":
                            appeals.append(
                                (
                                    nxt("appeal"),
                                    app_id,
                                    dec_id,
                                    decided_on + dt.timedelta(days=10),
                                    True,
                                    "Klagen gjelder beløpet.",
                                    officer,
                                )
                            )
            self.load.copy(
                g.Application,
                ["id", "organisation_id", "scheme_id", "call_id", "year", "title", "description",
                 "period_start", "period_end", "amount_applied", "planned_participants",
                 "target_group", "status", "officer_id", "received_on", "report_deadline",
                 "created_at", "updated_at"],
                apps,
            )  # fmt: skip
            self.load.copy(
                g.BudgetLine, ["id", "application_id", "kind", "description", "amount"], lines
            )
            self.load.copy(
                g.HistoryEntry,
                [
                    "id",
                    "application_id",
                    "at",
                    "user_id",
                    "kind",
                    "from_status",
                    "to_status",
                    "text",
                ],
                history,
            )
            self.load.copy(
                g.ImpartialityDeclaration,
                ["id", "application_id", "officer_id", "conflict", "reason", "declared_at"],
                declarations,
            )
            self.load.copy(
                g.Assessment,
                ["id", "application_id", "officer_id", "recommendation", "proposed_amount", "summary",
                 "updated_at"],
                assessments,
            )  # fmt: skip
            self.load.copy(
                g.CriterionScore, ["id", "assessment_id", "criterion_id", "score"], scores
            )
            self.load.copy(
                g.Decision,
                ["id", "application_id", "outcome", "amount", "reasons", "conditions",
                 "prepared_by_id", "decided_by_id", "decided_on", "appeal_deadline",
                 "report_deadline", "is_current"],
                decisions,
            )  # fmt: skip
            self.load.copy(
                g.Payment,
                ["id", "application_id", "amount", "due_on", "paid_on", "registered_by_id"],
                payments,
            )
            self.load.copy(
                g.GrantReport,
                [
                    "id",
                    "application_id",
                    "received_on",
                    "amount_spent",
                    "results",
                    "registered_by_id",
                ],
                reports,
            )
            self.load.copy(
                g.Appeal,
                ["id", "application_id", "decision_id", "received_on", "within_deadline", "summary",
                 "registered_by_id"],
                appeals,
            )  # fmt: skip
            self.load.copy(
                g.RepaymentClaim,
                ["id", "application_id", "amount", "reason", "claimed_on", "due_on", "repaid_on"],
                claims,
            )
            self.load.copy(
                g.Participant,
                ["id", "application_id", "pseudonym", "birth_year", "country_of_birth",
                 "start_date", "end_date", "outcome"],
                participants,
            )  # fmt: skip
            self.load.copy(
                AuditEvent,
                ["user_id", "username", "action", "object_type", "object_id", "at"],
                audits,
            )
            for rows in (
                apps,
                lines,
                history,
                declarations,
                assessments,
                scores,
                decisions,
                payments,
                reports,
                appeals,
                claims,
                participants,
                audits,
            ):
                rows.clear()
        # Budgets that hold what was granted, and the municipal parts of the voluntary scheme.
        for scheme in schemes:
            for year in YEARS:
                granted = granted_sum.get((scheme.pk, year), Decimal(0))
                amount = Decimal(
                    math.ceil(float(granted) * 1.15 / 1_000_000) * 1_000_000
                ) or Decimal(1_000_000)
                budget = g.SchemeBudget.objects.create(scheme=scheme, year=year, amount=amount)
                if scheme.has_local_allocation:
                    share = (amount * Decimal("0.6") / 40).quantize(Decimal(1))
                    g.MunicipalAllocation.objects.bulk_create(
                        g.MunicipalAllocation(budget=budget, municipality_id=m, amount=share)
                        for m in municipality_ids[:40]
                    )
        set_sequences(
            self.connection,
            [g.Organisation, g.ContactPerson, g.Application, g.BudgetLine, g.HistoryEntry,
             g.ImpartialityDeclaration, g.Assessment, g.CriterionScore, g.Decision, g.Payment,
             g.GrantReport, g.Appeal, g.RepaymentClaim, g.Participant],
        )  # fmt: skip

    # HR ----------------------------------------------------------------------------------------

    def hr(self) -> None:
        from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure

        self.stdout.write("HR\n")
        rows = employee_rows(self.scale, self.rng)
        from hr.importing import COLUMNS

        self.load.copy(EmployeeRecord, list(COLUMNS), rows)
        n = n_of(265, self.scale)
        for i, year in enumerate(YEARS[:-1]):
            total = n + i * n_of(5, self.scale)
            ImmigrantBackground.objects.create(
                year=year, total_employees=total, group1=total // 20, group2=total // 4
            )
            work = EqualityWork.objects.create(
                year=year,
                risks="Lønnsforskjeller i mellomlederstillinger.",
                causes="Rekruttering fra et kjønnsdelt arbeidsmarked.",
                measures_summary="Lønnskartlegging og rekrutteringstiltak.",
                evaluation="Tiltakene har redusert forskjellene.",
            )
            Measure.objects.bulk_create(
                Measure(work=work, description=f"Tiltak {k}", owner="HR",
                        deadline=dt.date(year, 12, 31), status="done")
                for k in range(3)
            )  # fmt: skip

    def reports(self) -> None:
        from imdi.reports.models import ReportExport

        self.stdout.write("Reports\n")
        for year in YEARS[:-1]:
            ReportExport.objects.create(
                year=year,
                formats=["pdf", "docx", "xlsx"],
                requested_by=self.personas["hr"],
                status=ReportExport.Status.FAILED,
                error="Benchmark data: no files.",
                progress=100,
            )


CATEGORIES = [
    ("toppleder", 0.02, 1_400_000),
    ("mellomleder", 0.08, 1_000_000),
    ("alternativ_karrierevei", 0.05, 850_000),
    ("saksbehandler", 0.70, 680_000),
    ("konsulent_sekretaer", 0.13, 560_000),
    ("laerling", 0.02, 250_000),
]


def employee_rows(scale: float, rng: random.Random, years=None, per_year: int | None = None):
    """Employee records as tuples in the import's column order (hr.importing.COLUMNS)."""
    per_year = per_year or n_of(300, scale)
    rows = []
    weights = [c[1] for c in CATEGORIES]
    for year in years or YEARS[:-1] + [YEARS[-1]]:
        for i in range(per_year):
            cat, _w, salary = rng.choices(CATEGORIES, weights)[0]
            gender = "K" if rng.random() < 0.64 else "M"
            pay = int(salary * rng.uniform(0.85, 1.15) * (0.97 if gender == "K" else 1.0))
            fte = Decimal(100) if rng.random() < 0.9 else Decimal(rng.choice([50, 60, 80]))
            parental = Decimal(rng.choice([0] * 9 + [rng.randint(4, 30)]))
            rows.append(
                (
                    year,
                    f"E{i + 1:07d}",
                    gender,
                    cat,
                    pay,
                    fte,
                    rng.random() < 0.08,
                    fte < 100 and rng.random() < 0.2,
                    rng.random() < 0.12,
                    rng.random() < 0.10,
                    parental,
                    Decimal(rng.randint(0, 25)),
                    Decimal(230),
                )
            )
    return rows


def migrate(name: str) -> None:
    """Apply the build's migrations (and roles) to a database: new or kept from a run before,
    so a kept database has the indexes of the code being measured."""
    env = common.bench_env()
    env["DATABASE_URL"] = f"{common.PG}/{name}"
    for command in (["migrate", "--noinput"], ["sync_roles"]):
        subprocess.run(
            [common.python(), str(common.ROOT / "manage.py"), *command],
            check=True,
            env=env,
            cwd=common.ROOT,
            stdout=subprocess.DEVNULL,
        )


def create_database(name: str) -> None:
    common.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    common.psql(f'CREATE DATABASE "{name}"')
    migrate(name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--force", action="store_true", help="regenerate even if present")
    args = parser.parse_args(argv)
    name = db_name(args.scale)
    marker = f"{args.scale:g}/v{GENERATOR_VERSION}"
    if not args.force and existing_scale(name) == marker:
        started = time.perf_counter()
        migrate(name)
        common.psql("ANALYZE", name)
        print(
            f"{name}: scale {args.scale:g} already generated; migrated and analysed in "
            f"{time.perf_counter() - started:.1f} s"
        )
        return 0
    started = time.perf_counter()
    print(f"Creating {name} (scale {args.scale:g})")
    create_database(name)
    migrated = time.perf_counter()
    common.DATABASE_URL = f"{common.PG}/{name}"
    common.setup_django()
    counts = Generator(args.scale, sys.stdout).run()
    from django.db import connection

    connection.close()
    common.psql("VACUUM ANALYZE", name)
    total = sum(counts.values())
    took = time.perf_counter() - started
    common.psql(
        "CREATE TABLE bench_meta (key text PRIMARY KEY, value text); "
        f"INSERT INTO bench_meta VALUES ('scale_version', '{marker}'), "
        f"('rows', '{total}'), ('seconds', '{took:.1f}')",
        name,
    )
    print(
        f"{name}: {total:,} rows in {took:.1f} s "
        f"(migrate {migrated - started:.1f} s, load and analyse {took - (migrated - started):.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
