"""Every read of the grants app, scoped to what the user may see.

Grant officers and approvers see the whole grant portfolio (grant data holds no special
category personal data; participants are pseudonymous). Report readers see aggregates only:
:func:`scheme_statistics` and :func:`jobbsjansen_kpi`. Everyone else sees nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.models import (
    Application,
    Call,
    Decision,
    Organisation,
    Participant,
    RepaymentClaim,
    Scheme,
    SchemeBudget,
    Status,
)
from imdi.roles import GRANT_ROLES, Role, has_role

STATISTICS_ROLES = (*GRANT_ROLES, Role.REPORT_READER)


def can_see_grants(user) -> bool:
    return has_role(user, *GRANT_ROLES)


def can_see_statistics(user) -> bool:
    return has_role(user, *STATISTICS_ROLES)


def applications_for(user) -> QuerySet[Application]:
    """The one access rule for application lists, details and every nested record."""
    if not can_see_grants(user):
        return Application.objects.none()
    return Application.objects.select_related(
        "organisation__municipality__county", "scheme", "call", "officer"
    )


def applications_with_granted_amount(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """``granted_amount``: the amount of the current granting decision, or None."""
    granted = Decision.objects.filter(
        application=OuterRef("pk"), is_current=True, outcome__in=Decision.GRANTING
    ).values("amount")[:1]
    return queryset.annotate(
        granted_amount=Subquery(granted, output_field=Decision._meta.get_field("amount"))
    )


def application_get(user, pk: int) -> Application:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(applications_for(user), pk=pk)


def _detail_lists() -> dict[str, QuerySet]:
    """The related lists the application page shows, each read once."""
    from grants.models import Appeal, Attachment, BudgetLine, ImpartialityDeclaration, Payment

    return {
        "decisions": Decision.objects.select_related("decided_by"),
        "budget_lines": BudgetLine.objects.all(),
        "payments": Payment.objects.all(),
        "attachments": Attachment.objects.all(),
        "appeals": Appeal.objects.all(),
        "repayment_claims": RepaymentClaim.objects.all(),
        "declarations": ImpartialityDeclaration.objects.select_related("officer"),
    }


def _mark_loaded(instance, name: str, rows: list) -> None:
    """Record ``rows`` as ``instance``'s loaded related list ``name``, as
    ``prefetch_related`` does, so reading it makes no query."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def application_for_detail(user, pk: int) -> Application:
    """The application with everything its page shows, each related list read once.

    One query reads the application, its assessment and grantee report and whether each
    related list has rows; then one query per non-empty list. The workflow checks and the
    model's ``current_decision`` / ``weighted_score`` use the loaded lists."""
    from django.db.models import Exists, Prefetch, prefetch_related_objects
    from django.shortcuts import get_object_or_404

    from grants.models import CriterionScore

    lists = _detail_lists()
    flags = {
        f"has_{name}": Exists(queryset.model.objects.filter(application=OuterRef("pk")))
        for name, queryset in lists.items()
    }
    flags["has_scores"] = Exists(
        CriterionScore.objects.filter(assessment__application=OuterRef("pk"))
    )
    application = get_object_or_404(
        applications_for(user).select_related("assessment", "grant_report").annotate(**flags),
        pk=pk,
    )
    lookups = []
    for name, queryset in lists.items():
        if getattr(application, f"has_{name}"):
            lookups.append(Prefetch(name, queryset=queryset))
        else:
            _mark_loaded(application, name, [])
    assessment = getattr(application, "assessment", None)
    if assessment is not None:
        if application.has_scores:
            lookups.append(
                Prefetch(
                    "assessment__scores",
                    queryset=CriterionScore.objects.select_related("criterion").order_by(
                        "criterion__order", "criterion__id"
                    ),
                )
            )
        else:
            _mark_loaded(assessment, "scores", [])
    prefetch_related_objects([application], *lookups)
    return application


def organisations_for(user) -> QuerySet[Organisation]:
    if not can_see_grants(user):
        return Organisation.objects.none()
    # The number of applications by a subquery per row, not a GROUP BY over organisation LEFT
    # JOIN application: the database counts only for the rows it returns (a page), and the
    # pager's count reads organisations alone.
    applications = (
        Application.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Organisation.objects.select_related("municipality__county")
        .annotate(
            application_count=Coalesce(
                Subquery(applications, output_field=IntegerField()), Value(0)
            )
        )
        .order_by("name", "id")
    )


def participants_for(user) -> QuerySet[Participant]:
    # The register is the officers' tool; approvers decide on applications.
    if not has_role(user, Role.GRANT_OFFICER):
        return Participant.objects.none()
    return Participant.objects.select_related("application__organisation")


def jobbsjansen_projects_for(user) -> QuerySet[Application]:
    return applications_for(user).filter(
        scheme__has_participants=True,
        status__in=[
            Status.TO_BE_PAID,
            Status.AWAITING_REPORT,
            Status.REPORT_DELIVERED,
            Status.REPAYMENT_CLAIMED,
            Status.CLOSED,
            Status.DECIDED,
        ],
    )


# --- The officer's work list ------------------------------------------------------------------


WORKLIST_LIMIT = 20  # rows of a work-list section over the whole agency, the most urgent first
COUNT_CAP = 1000  # a section's total is counted no further than this
UNASSIGNED_LIMIT = 50  # submitted applications nobody has taken yet, the oldest first


@dataclass
class Bounded:
    """The first rows of a work-list section, its total (counted up to ``COUNT_CAP``) and the
    application list filtered to exactly the section's applications."""

    rows: list
    count: int = 0
    capped: bool = False
    url: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def more(self) -> bool:
        """Whether the section has rows beyond those shown."""
        return self.capped or self.count > len(self.rows)


def _capped_count(queryset: QuerySet) -> Subquery:
    """``SELECT COUNT(*)`` of at most ``COUNT_CAP + 1`` of the rows, as a scalar subquery."""
    ids = queryset.order_by().values("pk")[: COUNT_CAP + 1]
    counted = (
        queryset.model.objects.filter(pk__in=ids)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def _bounded(queryset: QuerySet, url: str, limit: int = WORKLIST_LIMIT) -> Bounded:
    # One query: the rows and, as an uncorrelated subquery the database runs once, the total.
    rows = list(queryset.annotate(section_total=_capped_count(queryset))[:limit])
    count = rows[0].section_total if rows else 0
    return Bounded(rows=rows, count=min(count, COUNT_CAP), capped=count > COUNT_CAP, url=url)


@dataclass
class Worklist:
    by_status: list[tuple[str, str, list[Application]]]
    to_decide: Bounded
    unassigned: Bounded
    call_deadlines: list[Call]
    report_deadlines: Bounded
    overdue_reports: Bounded
    appeal_deadlines: list[Decision]
    overdue_repayments: Bounded = field(default_factory=lambda: Bounded(rows=[]))

    def upcoming(self) -> list[Deadline]:
        """Every deadline of the coming two weeks in one list, the nearest first."""
        from django.utils.translation import gettext as _

        items = [
            Deadline(c.deadline, _("Call deadline"), c.title, "", "") for c in self.call_deadlines
        ]
        items += [
            Deadline(
                a.report_deadline,
                _("Report deadline"),
                a.organisation.name,
                a.reference,
                a.get_absolute_url(),
            )
            for a in self.report_deadlines
        ]
        items += [
            Deadline(
                d.appeal_deadline,
                _("Appeal deadline"),
                d.application.organisation.name,
                d.application.reference,
                d.application.get_absolute_url(),
            )
            for d in self.appeal_deadlines
        ]
        return sorted(items, key=lambda d: (d.date, d.reference))


@dataclass
class Deadline:
    date: dt.date
    kind: str
    text: str
    reference: str
    url: str


OPEN_STATUSES = [s for s in Status if s not in (Status.CLOSED, Status.WITHDRAWN)]
# Applications whose grantee report is still to come.
REPORT_PENDING = (Status.TO_BE_PAID, Status.AWAITING_REPORT)


def worklist(user, today: dt.date | None = None) -> Worklist:
    """The officer's own open applications, the agency-wide queues (each bounded to the
    ``WORKLIST_LIMIT`` most urgent rows, with its total and a link to the application list
    filtered to exactly those applications) and the deadlines of the coming two weeks."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from grants.filters import REPAYMENT_OVERDUE, REPORT_DUE, REPORT_OVERDUE, SOON, UNASSIGNED

    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=SOON)
    # The work list shows the organisation and the scheme: no other joins (the officer's own
    # open applications are a few hundred rows).
    visible = applications_for(user).select_related(None).select_related("organisation", "scheme")
    mine = visible.filter(officer=user, status__in=OPEN_STATUSES)
    groups: dict[str, list[Application]] = {}
    for application in mine.order_by("status", "received_on", "id"):
        groups.setdefault(application.status, []).append(application)
    by_status = [(s.value, s.label, groups[s.value]) for s in Status if s.value in groups]
    waiting_report = visible.filter(status__in=REPORT_PENDING)
    # Not "application IN (every visible application)": for grant staff that is a semi-join
    # over the whole register (118 ms at scale 100); they see every claim, others none.
    claims = RepaymentClaim.objects.filter(repaid_on__isnull=True, due_on__lt=today)
    if not can_see_grants(user):
        claims = claims.none()
    claims = claims.select_related("application__organisation")
    only_mine = {}
    if has_role(user, Role.GRANT_OFFICER) and not has_role(user, Role.GRANT_APPROVER):
        waiting_report = waiting_report.filter(officer=user)
        # The officer's application ids from the index on (officer, status, id), then their
        # claims: not a join of every open claim with the officer's application rows.
        claims = claims.filter(
            application_id__in=Application.objects.filter(officer=user).order_by().values("id")
        )
        only_mine = {"officer": user.get_username()}
    list_url = reverse("grants:application_list")

    def url(**query) -> str:
        return f"{list_url}?{urlencode(query)}"

    if has_role(user, Role.GRANT_APPROVER):
        to_decide = _bounded(
            visible.filter(status=Status.READY_FOR_DECISION).order_by("updated_at", "id"),
            url(status=Status.READY_FOR_DECISION.value),
        )
    else:
        to_decide = Bounded(rows=[])
    overdue = _bounded(
        waiting_report.filter(report_deadline__lt=today).order_by("report_deadline", "id"),
        url(follow_up=REPORT_OVERDUE, **only_mine),
    )
    for application in overdue.rows:
        _with_days_overdue(application, today)
    return Worklist(
        by_status=by_status,
        to_decide=to_decide,
        unassigned=_bounded(
            visible.filter(officer__isnull=True, status=Status.SUBMITTED).order_by(
                "received_on", "id"
            ),
            url(follow_up=UNASSIGNED),
            limit=UNASSIGNED_LIMIT,
        ),
        call_deadlines=list(
            Call.objects.filter(deadline__gte=today, deadline__lte=soon).select_related("scheme")
        )
        if can_see_grants(user)
        else [],
        report_deadlines=_bounded(
            waiting_report.filter(report_deadline__gte=today, report_deadline__lte=soon).order_by(
                "report_deadline", "id"
            ),
            url(follow_up=REPORT_DUE, **only_mine),
        ),
        overdue_reports=overdue,
        overdue_repayments=_bounded(
            claims.order_by("due_on", "id"), url(follow_up=REPAYMENT_OVERDUE, **only_mine)
        ),
        appeal_deadlines=list(
            Decision.objects.filter(
                is_current=True,
                application__in=mine,
                appeal_deadline__gte=today,
                appeal_deadline__lte=soon,
            ).select_related("application__organisation")
        ),
    )


def _with_days_overdue(application: Application, today: dt.date) -> Application:
    application.days_overdue = (today - application.report_deadline).days
    return application


# --- Statistics: the page and the annual report share these -------------------------------


@dataclass
class SchemeYear:
    scheme: Scheme
    year: int
    budget: Decimal | None
    received: int = 0
    granted: int = 0
    partly_granted: int = 0
    rejected: int = 0
    amount_applied: Decimal = Decimal(0)
    amount_granted: Decimal = Decimal(0)
    municipal_allocations: Decimal = Decimal(0)

    @property
    def available(self) -> Decimal | None:
        """The part of the budget the directorate grants by its own decisions: the budget
        less the parts passed to municipalities that grant locally."""
        if self.budget is None:
            return None
        return self.budget - self.municipal_allocations

    @property
    def budget_used_pct(self) -> Decimal | None:
        """Granted as a share of what the directorate may grant itself (as on the decision
        page): for a scheme granted partly by municipalities, of the directorate's part."""
        if not self.available:
            return None
        return self.amount_granted * 100 / self.available


@dataclass
class Breakdown:
    label: str
    received: int = 0
    granted: int = 0
    rejected: int = 0
    amount_applied: Decimal = Decimal(0)
    amount_granted: Decimal = Decimal(0)


RECEIVED_EXCLUDED = (Status.DRAFT,)
STATISTICS_DATA = "grants"  # imdi.datacache: the version raised by every write to grant data
KPI_SPAN = 5  # the page and the annual report show the KPI for the five years up to the year


@dataclass
class _Group:
    """A year's applications of one scheme, county and organisation type, counted."""

    scheme_id: int
    county: str
    organisation_type: str
    received: int
    granted: int
    partly_granted: int
    rejected: int
    amount_applied: Decimal
    amount_granted: Decimal


@dataclass
class StatisticsData:
    """Everything the statistics page and the annual report count for a budget year, read
    with a handful of GROUP BY queries and kept in imdi.datacache until grant data changes."""

    year: int
    schemes: list[Scheme]
    groups: list[_Group]
    budgets: dict[int, tuple[Decimal, Decimal]]  # scheme id -> (budget, municipalities' parts)
    splits: list[BudgetSplit]
    kpi_counts: dict[int, dict[str, int]]  # the KPI_SPAN years up to the year


def _year_groups(year: int) -> list[_Group]:
    """One query: the year's applications grouped by scheme, county and organisation type.

    The current decision is joined on ``is_current`` (a FilteredRelation: at most one row
    per application, a database constraint), so sums over applications are not multiplied.
    Drafts are not received; the amount granted counts every current granting decision of
    the year's applications, as the decision page's budget check does."""
    from django.db.models import FilteredRelation

    received = ~Q(status__in=RECEIVED_EXCLUDED)
    rows = (
        Application.objects.filter(year=year)
        .order_by()
        .annotate(current=FilteredRelation("decisions", condition=Q(decisions__is_current=True)))
        .values("scheme_id", "organisation__municipality__county__name", "organisation__type")
        .annotate(
            received=Count("id", filter=received),
            granted=Count("id", filter=received & Q(current__outcome=Decision.Outcome.GRANTED)),
            partly=Count(
                "id", filter=received & Q(current__outcome=Decision.Outcome.PARTLY_GRANTED)
            ),
            rejected=Count("id", filter=received & Q(current__outcome=Decision.Outcome.REJECTED)),
            applied=Sum("amount_applied", filter=received),
            granted_amount=Sum("current__amount", filter=Q(current__outcome__in=Decision.GRANTING)),
        )
    )
    return [
        _Group(
            scheme_id=r["scheme_id"],
            county=r["organisation__municipality__county__name"],
            organisation_type=r["organisation__type"],
            received=r["received"],
            granted=r["granted"],
            partly_granted=r["partly"],
            rejected=r["rejected"],
            amount_applied=r["applied"] or Decimal(0),
            amount_granted=r["granted_amount"] or Decimal(0),
        )
        for r in rows
    ]


def _budgets(year: int) -> tuple[dict[int, tuple[Decimal, Decimal]], list[BudgetSplit]]:
    """The year's budgets (with the municipalities' parts) and, for schemes granted partly by
    municipalities, each municipality's part: two queries."""
    from grants.models import MunicipalAllocation

    budgets = list(SchemeBudget.objects.filter(year=year).select_related("scheme"))
    parts: dict[int, list[tuple[str, Decimal]]] = {b.pk: [] for b in budgets}
    for budget_id, name, amount in (
        MunicipalAllocation.objects.filter(budget__year=year)
        .order_by()
        .values_list("budget_id", "municipality__name", "amount")
    ):
        parts[budget_id].append((name, amount))
    amounts = {
        b.scheme_id: (b.amount, sum((a for _n, a in parts[b.pk]), Decimal(0))) for b in budgets
    }
    splits = [
        BudgetSplit(
            scheme=b.scheme,
            year=year,
            budget=b.amount,
            directorate=b.amount - sum((a for _n, a in parts[b.pk]), Decimal(0)),
            municipalities=sorted(parts[b.pk]),
        )
        for b in sorted(budgets, key=lambda b: (-b.year, b.scheme.name))
        if b.scheme.has_local_allocation
    ]
    return amounts, splits


def _kpi_counts(first_year: int, last_year: int) -> dict[int, dict[str, int]]:
    """One query: per year left, the number of participants per outcome."""
    from django.db.models.functions import ExtractYear

    counts: dict[int, dict[str, int]] = {y: {} for y in range(first_year, last_year + 1)}
    for year, outcome, n in (
        Participant.objects.filter(
            end_date__gte=dt.date(first_year, 1, 1), end_date__lte=dt.date(last_year, 12, 31)
        )
        .order_by()
        .annotate(left_in=ExtractYear("end_date"))
        .values_list("left_in", "outcome")
        .annotate(n=Count("id"))
        .values_list("left_in", "outcome", "n")
    ):
        counts[year][outcome] = n
    return counts


def _statistics_data(year: int) -> StatisticsData:
    budgets, splits = _budgets(year)
    return StatisticsData(
        year=year,
        schemes=list(Scheme.objects.order_by("name")),
        groups=_year_groups(year),
        budgets=budgets,
        splits=splits,
        kpi_counts=_kpi_counts(year - KPI_SPAN + 1, year),
    )


def statistics_data(year: int) -> StatisticsData:
    """The year's figures, computed once per version of the grant data (imdi.datacache)."""
    from imdi import datacache

    return datacache.cached(STATISTICS_DATA, ("statistics", year), lambda: _statistics_data(year))


def scheme_statistics(year: int, data: StatisticsData | None = None) -> list[SchemeYear]:
    """Per scheme for one budget year: budget, applications received / granted / partly
    granted / rejected, amount applied for and granted."""
    data = data or statistics_data(year)
    rows = {
        scheme.pk: SchemeYear(
            scheme=scheme,
            year=year,
            budget=data.budgets[scheme.pk][0] if scheme.pk in data.budgets else None,
            municipal_allocations=data.budgets.get(scheme.pk, (None, Decimal(0)))[1],
        )
        for scheme in data.schemes
    }
    for g in data.groups:
        row = rows[g.scheme_id]
        row.received += g.received
        row.granted += g.granted
        row.partly_granted += g.partly_granted
        row.rejected += g.rejected
        row.amount_applied += g.amount_applied
        row.amount_granted += g.amount_granted
    return list(rows.values())


def _breakdown(
    data: StatisticsData, scheme_id: int | None, key: str, labels: dict
) -> list[Breakdown]:
    result: dict[str, Breakdown] = {}
    for g in data.groups:
        if scheme_id and g.scheme_id != scheme_id:
            continue
        value = getattr(g, key)
        row = result.setdefault(value, Breakdown(label=str(labels.get(value, value))))
        row.received += g.received
        row.granted += g.granted + g.partly_granted
        row.rejected += g.rejected
        row.amount_applied += g.amount_applied
        row.amount_granted += g.amount_granted
    # A group only drafts fall in is not received: it has no row (as before).
    return sorted((b for b in result.values() if b.received), key=lambda b: b.label)


def statistics_by_county(
    year: int, scheme_id: int | None = None, data: StatisticsData | None = None
) -> list[Breakdown]:
    return _breakdown(data or statistics_data(year), scheme_id, "county", {})


def statistics_by_organisation_type(
    year: int, scheme_id: int | None = None, data: StatisticsData | None = None
) -> list[Breakdown]:
    from grants.models import OrganisationType

    return _breakdown(
        data or statistics_data(year),
        scheme_id,
        "organisation_type",
        dict(OrganisationType.choices),
    )


@dataclass
class Kpi:
    year: int
    left: int
    work: int
    education: int
    success: int
    share_pct: Decimal | None
    outcomes: dict[str, int] = field(default_factory=dict)


def _kpi(year: int, counts: dict[str, int]) -> Kpi:
    left = sum(counts.values())
    work = counts.get(Participant.Outcome.WORK, 0)
    education = counts.get(Participant.Outcome.EDUCATION, 0)
    success = work + education
    return Kpi(
        year=year,
        left=left,
        work=work,
        education=education,
        success=success,
        share_pct=(Decimal(success) * 100 / left) if left else None,
        outcomes=counts,
    )


def jobbsjansen_kpis(
    first_year: int, last_year: int, data: StatisticsData | None = None
) -> list[Kpi]:
    """Of the participants who left a Jobbsjansen programme in each year of the span, the
    share who went straight to work or education. One GROUP BY year query, kept in
    imdi.datacache; the year's statistics already hold the default five years."""
    from imdi import datacache

    years = range(first_year, last_year + 1)
    if data is not None and all(y in data.kpi_counts for y in years):
        counts = data.kpi_counts
    else:
        counts = datacache.cached(
            STATISTICS_DATA,
            ("kpi", first_year, last_year),
            lambda: _kpi_counts(first_year, last_year),
        )
    return [_kpi(y, dict(counts[y])) for y in years]


def jobbsjansen_kpi(year: int) -> Kpi:
    """Of the participants who left a Jobbsjansen programme in ``year``, the share who went
    straight to work or education."""
    return jobbsjansen_kpis(year, year)[0]


def jobbsjansen_kpi_average(
    first_year: int, last_year: int, kpis: list[Kpi] | None = None
) -> Decimal | None:
    """The average of the yearly shares over a span of years (years without leavers are left
    out), as the source reports "75 % on average 2018-2022"."""
    if kpis is None:
        kpis = jobbsjansen_kpis(first_year, last_year)
    shares = [
        k.share_pct for k in kpis if first_year <= k.year <= last_year and k.share_pct is not None
    ]
    if not shares:
        return None
    return sum(shares, Decimal(0)) / len(shares)


def _span(first: int | None, last: int | None) -> list[int]:
    if first is None:
        return []
    return list(range(last, first - 1, -1))


def application_years() -> list[int]:
    """Every budget year from the first application's to the last one's, the newest first.

    MIN and MAX are two look-ups in the index on the year; a DISTINCT over the years read every
    application."""
    span = Application.objects.order_by().aggregate(first=Min("year"), last=Max("year"))
    return _span(span["first"], span["last"])


@dataclass
class Years:
    statistics: list[int]  # budget years with a budget or an application, the newest first
    participants: list[int]  # from the first to the last year a participant left


def _years() -> Years:
    budget_years = set(SchemeBudget.objects.order_by().values_list("year", flat=True).distinct())
    left = Participant.objects.order_by().aggregate(first=Min("end_date"), last=Max("end_date"))
    return Years(
        statistics=sorted(budget_years | set(application_years()), reverse=True)
        or [timezone.localdate().year],
        participants=sorted(
            _span(
                left["first"].year if left["first"] else None,
                left["last"].year if left["last"] else None,
            )
        ),
    )


def years() -> Years:
    """The years the statistics page offers (three small queries, kept in imdi.datacache)."""
    from imdi import datacache

    return datacache.cached(STATISTICS_DATA, ("years",), _years)


def participant_years() -> list[int]:
    """The years from the first to the last in which a Jobbsjansen participant left."""
    return years().participants


def statistics_years() -> list[int]:
    return years().statistics


@dataclass
class BudgetSplit:
    scheme: Scheme
    year: int
    budget: Decimal
    directorate: Decimal
    municipalities: list[tuple[str, Decimal]]


def budget_splits(year: int, data: StatisticsData | None = None) -> list[BudgetSplit]:
    """For schemes granted partly by municipalities: each municipality's part and the part
    the directorate keeps. The parts add up to the budget."""
    return (data or statistics_data(year)).splits
