"""Reads for the casework register, each scoped to what the user may see.

One access rule, :func:`cases_visible_to`, serves every list, search, count, export and
detail page. An advisor or envoy sees the cases they own; the coordinator sees every case's
metadata; nobody else (administrators and superusers included) sees any case. Journal
entries and the recorded name are for the owner alone (:func:`journal_visible_to`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case as DjangoCase
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import suppression
from casework.models import (
    Advisor,
    AgeGroup,
    Case,
    CaseTheme,
    Country,
    Exposure,
    Gender,
    JournalEntry,
    Kind,
    Outreach,
    Theme,
)
from imdi import datacache
from imdi.models import County
from imdi.roles import CASE_OWNER_ROLES, Role, has_role


def advisor_for(user) -> Advisor | None:
    """The active advisor or envoy record of a user who holds an owner role."""
    if not has_role(user, *CASE_OWNER_ROLES):
        return None
    return Advisor.objects.filter(user=user, active=True).first()


def is_owner_role(user) -> bool:
    return has_role(user, *CASE_OWNER_ROLES)


def is_coordinator(user) -> bool:
    return has_role(user, Role.CASEWORK_COORDINATOR)


def cases_visible_to(user) -> QuerySet[Case]:
    """The one access rule for cases."""
    base = Case.objects.select_related("owner__user", "county")
    if is_coordinator(user):
        return base.all()
    if has_role(user, *CASE_OWNER_ROLES):
        return base.filter(owner__user=user, owner__active=True)
    return base.none()


def can_read_content(user, case: Case) -> bool:
    """Journal, name, summary and services: the owner only, never the coordinator."""
    return has_role(user, *CASE_OWNER_ROLES) and case.owner.user_id == user.pk and case.owner.active


def journal_visible_to(user) -> QuerySet[JournalEntry]:
    if not has_role(user, *CASE_OWNER_ROLES):
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(case__owner__user=user, case__owner__active=True)


def search_cases(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Search on the pseudonymous reference (never on names: they are encrypted)."""
    text = text.strip()
    if not text:
        return qs
    return qs.filter(reference__icontains=text)


def _journal_of_case():
    return JournalEntry.objects.filter(case=OuterRef("pk")).order_by().values("case")


def my_cases(user) -> QuerySet[Case]:
    """The owner's cases with the number of journal entries and the date of the last one.

    The journal figures are correlated subqueries rather than a join and GROUP BY, so that
    counting the list (the pager) reads the cases alone, and the figures are computed for the
    rows of the page only.
    """
    return (
        cases_visible_to(user)
        .filter(owner__user=user)
        .annotate(
            entries=Coalesce(
                Subquery(_journal_of_case().annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
            last_entry_on=Subquery(_journal_of_case().annotate(d=Max("date")).values("d")[:1]),
        )
        .prefetch_related("themes")
        # Open cases first, the most urgent follow-up at the top, then the newest.
        .order_by(
            DjangoCase(When(status=Case.Status.OPEN, then=0), default=1),
            F("follow_up_on").asc(nulls_last=True),
            "-opened_on",
        )
    )


def follow_up_due(user, today: datetime.date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    return my_cases(user).filter(status=Case.Status.OPEN, follow_up_on__lte=today)


def my_case_counts(user, today: datetime.date | None = None) -> dict[str, int]:
    """The owner's open cases and those of them whose follow-up is due, in one query."""
    today = today or timezone.localdate()
    is_open = Q(status=Case.Status.OPEN)
    return (
        cases_visible_to(user)
        .filter(owner__user=user)
        .order_by()
        .aggregate(
            open=Count("pk", filter=is_open),
            due=Count("pk", filter=is_open & Q(follow_up_on__lte=today)),
        )
    )


def outreach_visible_to(user) -> QuerySet[Outreach]:
    """The one access rule for outreach entries, for the list, the totals per year and every
    page about one entry (change, delete): an advisor's or envoy's own entries, while their
    placement is active (as for cases and for registering outreach). The coordinator and
    leadership see outreach as totals only, on the statistics page."""
    if not has_role(user, *CASE_OWNER_ROLES):
        return Outreach.objects.none()
    return Outreach.objects.filter(advisor__user=user, advisor__active=True)


def transfer_targets(case: Case) -> QuerySet[Advisor]:
    """Active advisors of the same kind with an account, other than the current owner."""
    return assign_targets().filter(kind=case.kind).exclude(pk=case.owner_id)


def owners_needing_reassignment() -> QuerySet[Advisor]:
    """Owners who can no longer work on their open cases: left (inactive) or without an
    account. Their cases are visible to no advisor until the coordinator assigns them."""
    return (
        Advisor.objects.filter(Q(active=False) | Q(user__isnull=True))
        .annotate(open_cases=Count("cases", filter=Q(cases__status=Case.Status.OPEN)))
        .filter(open_cases__gt=0)
        .select_related("user")
        .order_by("kind", "workplace")
    )


def assign_sources() -> QuerySet[Advisor]:
    """Every advisor or envoy who owns at least one case, active or not."""
    # EXISTS (one probe of the owner index per advisor), not a join with every case made
    # DISTINCT: 15.5 s at scale 100.
    return (
        Advisor.objects.filter(Exists(Case.objects.filter(owner=OuterRef("pk"))))
        .select_related("user")
        .order_by("kind", "workplace")
    )


def assign_targets() -> QuerySet[Advisor]:
    """Who may receive cases: active advisors and envoys with a user account."""
    return (
        Advisor.objects.filter(active=True, user__isnull=False)
        .select_related("user")
        .order_by("kind", "workplace")
    )


def owner_suggestions(owner: Advisor | None, targets: QuerySet[Advisor], limit: int = 25):
    """A few likely receivers for ``owner``'s cases, for the suggestions of an owner field:
    those of ``targets`` of the same kind near them (an advisor's municipality, an envoy's
    station), at most ``limit``. Anyone else in ``targets`` can still be written by name."""
    if owner is None:
        return targets.none()
    targets = targets.filter(kind=owner.kind).exclude(pk=owner.pk)
    if owner.kind == Kind.ENVOY:
        targets = targets.filter(station=owner.station)
    elif owner.municipality_id:
        targets = targets.filter(municipality_id=owner.municipality_id)
    else:
        targets = targets.filter(workplace=owner.workplace)
    return targets.order_by("workplace", "pk")[:limit]


def owners_matching(text: str) -> QuerySet[Advisor]:
    """Advisors and envoys whose username is ``text`` or whose name or placement contains it."""
    text = text.strip()
    return Advisor.objects.annotate(
        full_name=Concat("user__first_name", Value(" "), "user__last_name")
    ).filter(
        Q(user__username__iexact=text) | Q(full_name__icontains=text) | Q(workplace__icontains=text)
    )


def owner_ids_matching(text: str) -> list[int]:
    """The ids of :func:`owners_matching`, read in one query over the advisors (as many as
    there are staff, never the cases).

    Filtering the cases by this list rather than by a subquery lets the database see how many
    owners match: a search that matches a few owners reads their cases through the owner
    index, one that matches most of them reads the newest cases in the list's order.
    """
    return list(owners_matching(text).order_by("pk").values_list("pk", flat=True))


def _cases_of_owner(**conditions) -> Subquery:
    return Subquery(
        Case.objects.filter(owner=OuterRef("pk"), **conditions)
        .order_by()
        .values("owner")
        .annotate(n=Count("*"))  # COUNT(*): read from the index alone
        .values("n")[:1]
    )


def caseload_per_owner(owner_ids: list[int] | None = None) -> QuerySet[Advisor]:
    """The coordinator's own work view: open and total cases per advisor and envoy (those of
    ``owner_ids`` only, if given).

    The counts are correlated subqueries over the owner's cases (an index on owner and
    status): the pager counts the advisors alone and the counts are computed for the rows of
    the page only, never by a GROUP BY over every case in the register.
    """
    advisors = Advisor.objects.filter(active=True)
    if owner_ids is not None:  # narrowed by the owner search
        advisors = advisors.filter(pk__in=owner_ids)
    return (
        advisors.select_related("user", "municipality__county")
        .annotate(
            open_cases=Coalesce(_cases_of_owner(status=Case.Status.OPEN), 0),
            all_cases=Coalesce(_cases_of_owner(), 0),
        )
        # The model's order, which an index serves: a page of the caseload reads 25 advisors,
        # not every advisor joined to its county and sorted.
        .order_by("kind", "workplace", "pk")
    )


# --- Statistics ------------------------------------------------------------------------------
# Statistics read only the statistical fields of every case, for the coordinator's statistics
# page, leadership and the annual report. Nothing here is per advisor, school or embassy.


def statistics_cases(year: int) -> QuerySet[Case]:
    """The cases counted for a year: those opened in it."""
    return Case.objects.filter(opened_on__year=year)


# Figures over the whole register are kept in imdi.datacache under the version of the casework
# data, raised by every write to cases, their themes, outreach and counties (casework.apps), so
# they are computed once per change of the data and are never stale. Only one-way counts per
# code are cached (the number of cases per gender, per age group, ..., never a combination of
# fields, a case, a person, an owner or a label): the same counts these selectors have always
# handed to the page and the report, where suppression and labels are applied on every read,
# in the reader's language. The statistics are the same for every role that may see them.
DATA = "casework"
STATISTICAL_FIELDS = ("gender", "age_group", "exposure", "country_of_origin", "county_id")


def _per_year_counts() -> dict[tuple[int, str], int]:
    """Cases opened per (year, kind), from one GROUP BY over the register."""

    def compute():
        return {
            (row["year"], row["kind"]): row["n"]
            for row in Case.objects.order_by()
            .annotate(year=ExtractYear("opened_on"))
            .values("year", "kind")
            .annotate(n=Count("id"))
        }

    return datacache.cached(DATA, ("cases_per_year",), compute)


def case_years() -> list[int]:
    """The years in which cases were opened, from the cached counts per year (no SELECT
    DISTINCT over every case)."""
    return sorted({year for year, _kind in _per_year_counts()})


def _year_counts(year: int) -> dict[str, dict]:
    """Per kind: the number of cases opened in ``year`` and their counts per value of each
    statistical field and per theme (two queries: one row per combination of the fields, one
    per kind and theme); the counties; the outreach per kind. Kept in the data cache."""

    def compute():
        cases = statistics_cases(year).order_by()
        counts = {
            kind: {"total": 0, "theme": Counter(), **{f: Counter() for f in STATISTICAL_FIELDS}}
            for kind in Kind.values
        }
        # One row per combination of the statistical fields: the cost follows the number of
        # combinations, not the number of cases.
        for row in cases.values("kind", *STATISTICAL_FIELDS).annotate(n=Count("id")):
            of_kind = counts[row["kind"]]
            of_kind["total"] += row["n"]
            for f in STATISTICAL_FIELDS:
                of_kind[f][row[f]] += row["n"]
        themes = (
            CaseTheme.objects.filter(case__opened_on__year=year)
            .order_by()
            .values_list("case__kind", "theme")
            .annotate(n=Count("id"))
        )
        for kind, theme, n in themes:
            counts[kind]["theme"][theme] += n
        outreach = (
            Outreach.objects.filter(date__year=year)
            .order_by()
            .values("outreach_kind")
            .annotate(activities=Count("id"), reached=Sum("reached"))
        )
        return {
            "kinds": {
                kind: {key: value if key == "total" else dict(value) for key, value in c.items()}
                for kind, c in counts.items()
            },
            "counties": list(County.objects.order_by("number").values_list("pk", "name")),
            "outreach": {
                r["outreach_kind"]: (r["activities"], r["reached"] or 0) for r in outreach
            },
        }

    return datacache.cached(DATA, ("year", year), compute)


@dataclass
class Breakdown:
    key: str
    title: str
    cells: list[suppression.Cell] | None  # None: withheld
    partition: bool = True


@dataclass
class GroupStatistics:
    kind: str
    label: str
    total: suppression.Cell
    breakdowns: list[Breakdown] = field(default_factory=list)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


KIND_PLURAL = {
    Kind.ADVISOR: gettext_lazy("diversity advisors"),
    Kind.ENVOY: gettext_lazy("special envoys"),
}


def _top_countries(counter: Counter, top: int = 5) -> list[tuple[str, int]]:
    ranked = sorted(
        ((code, n) for code, n in counter.items() if code != Country.ZZ),
        key=lambda item: (-item[1], item[0]),
    )
    chosen = ranked[:top]
    other = sum(n for code, n in counter.items() if code not in dict(chosen))
    return [(str(Country(code).label), n) for code, n in chosen] + [
        (str(_("other countries")), other)
    ]


def _shown_rank_first(cells: list) -> list:
    """A ranked list (the five most frequent countries, then the rest) in an order that
    tells nothing about a hidden count: the shown counts from largest to smallest, then the
    hidden ones by name, then the remainder row. Listed by their true counts, a hidden cell
    would sit between two shown counts and so be bounded by them."""
    *ranked, rest = cells
    shown = sorted((c for c in ranked if not c.hidden), key=lambda c: (-c.count, c.label))
    hidden = sorted((c for c in ranked if c.hidden), key=lambda c: c.label)
    return [*shown, *hidden, rest]


def _group(kind: str, counts: dict, counties: list, min_cell: int) -> GroupStatistics:
    by = {key: Counter(value) for key, value in counts.items() if key != "total"}
    total = counts["total"]
    label = str(KIND_PLURAL[kind])
    group = GroupStatistics(
        kind=kind, label=label, total=suppression.protect_total(total, min_cell)
    )
    if total < min_cell:
        return group

    def partition(key, title, items, is_partition=True, ranked=False):
        cells = suppression.suppress(items, total, partition=is_partition, min_cell=min_cell)
        if ranked and cells is not None:  # None: the breakdown is withheld
            cells = _shown_rank_first(cells)
        group.breakdowns.append(Breakdown(key, str(title), cells, is_partition))

    partition("gender", _("By gender"), [(str(g.label), by["gender"][g.value]) for g in Gender])
    partition(
        "age_group",
        _("By age group"),
        [(str(a.label), by["age_group"][a.value]) for a in AgeGroup],
    )
    partition(
        "exposure",
        _("At risk or exposed"),
        [(str(e.label), by["exposure"][e.value]) for e in Exposure],
    )
    partition(
        "theme",
        _("By theme (a case may have several)"),
        [(str(t.label), by["theme"][t.value]) for t in Theme],
        is_partition=False,
    )
    partition(
        "country",
        _("By country of origin (the five most frequent)"),
        _top_countries(by["country_of_origin"]),
        ranked=True,
    )
    if kind == Kind.ADVISOR:
        in_county = by["county_id"]
        items = [(name, in_county[pk]) for pk, name in counties]
        unknown = in_county[None]
        if unknown:
            items.append((str(_("no county")), unknown))
        partition("county", _("By county"), items)
    return group


def _statistics(counts: dict, min_cell: int | None) -> list[GroupStatistics]:
    min_cell = settings.CASEWORK_MIN_CELL if min_cell is None else min_cell
    return [
        _group(kind, counts["kinds"][kind], counts["counties"], min_cell)
        for kind in (Kind.ADVISOR, Kind.ENVOY)
    ]


def _outreach(counts: dict) -> list[dict]:
    by_kind = counts["outreach"]
    return [
        {
            "label": str(k.label),
            "activities": by_kind.get(k.value, (0, 0))[0],
            "reached": by_kind.get(k.value, (0, 0))[1],
        }
        for k in Outreach.OutreachKind
    ]


def case_statistics(year: int, *, min_cell: int | None = None) -> list[GroupStatistics]:
    """Suppressed statistics for one year: advisors' cases and envoys' cases, apart."""
    return _statistics(_year_counts(year), min_cell)


def year_statistics(year: int, *, min_cell: int | None = None) -> dict:
    """The statistics page's figures for a year: :func:`case_statistics` and
    :func:`outreach_totals` from one read of the cache."""
    counts = _year_counts(year)
    return {"groups": _statistics(counts, min_cell), "outreach": _outreach(counts)}


def cases_per_year(*, min_cell: int | None = None) -> list[dict]:
    """Number of cases per year for advisors and for envoys (no combined total is shown)."""
    min_cell = settings.CASEWORK_MIN_CELL if min_cell is None else min_cell
    counts = Counter(_per_year_counts())
    years = sorted({year for year, _kind in counts})
    return [
        {
            "year": year,
            "advisor": suppression.protect_total(counts[(year, Kind.ADVISOR)], min_cell),
            "envoy": suppression.protect_total(counts[(year, Kind.ENVOY)], min_cell),
        }
        for year in years
    ]


def outreach_per_year(user) -> list[dict]:
    """The user's own outreach, newest year first: activities per kind and people reached."""
    counts = Counter()
    reached = Counter()
    for date, kind, n in outreach_visible_to(user).values_list("date", "outreach_kind", "reached"):
        counts[(date.year, kind)] += 1
        reached[date.year] += n
    return [
        {
            "year": year,
            "activities": [counts[(year, k.value)] for k in Outreach.OutreachKind],
            "reached": reached[year],
        }
        for year in sorted(reached, reverse=True)
    ]


def outreach_totals(year: int) -> list[dict]:
    """Activities and people reached per kind of outreach: not personal data."""
    return _outreach(_year_counts(year))
