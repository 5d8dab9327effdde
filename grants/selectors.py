"""Every read of the grants app, scoped to what the user may see.

Grant officers and approvers see the whole grant portfolio (grant data holds no special
category personal data; participants are pseudonymous). Report readers see aggregates only:
:func:`scheme_statistics` and :func:`jobbsjansen_kpi`. Everyone else sees nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
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


def organisations_for(user) -> QuerySet[Organisation]:
    if not can_see_grants(user):
        return Organisation.objects.none()
    # An aggregate drops Meta.ordering: the list is by name unless the user sorts it.
    return (
        Organisation.objects.select_related("municipality__county")
        .annotate(application_count=Count("applications"))
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


@dataclass
class Worklist:
    by_status: list[tuple[str, str, list[Application]]]
    to_decide: list[Application]
    unassigned: list[Application]
    call_deadlines: list[Call]
    report_deadlines: list[Application]
    overdue_reports: list[Application]
    appeal_deadlines: list[Decision]
    overdue_repayments: list[RepaymentClaim] = field(default_factory=list)

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


def worklist(user, today: dt.date | None = None) -> Worklist:
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=14)
    mine = applications_for(user).filter(officer=user, status__in=OPEN_STATUSES)
    groups: dict[str, list[Application]] = {}
    for application in mine.order_by("status", "received_on", "id"):
        groups.setdefault(application.status, []).append(application)
    by_status = [(s.value, s.label, groups[s.value]) for s in Status if s.value in groups]
    visible = applications_for(user)
    waiting_report = visible.filter(status__in=[Status.TO_BE_PAID, Status.AWAITING_REPORT])
    claims = RepaymentClaim.objects.filter(
        application__in=visible, repaid_on__isnull=True, due_on__lt=today
    ).select_related("application__organisation")
    if has_role(user, Role.GRANT_OFFICER) and not has_role(user, Role.GRANT_APPROVER):
        waiting_report = waiting_report.filter(officer=user)
        claims = claims.filter(application__officer=user)
    return Worklist(
        by_status=by_status,
        to_decide=list(visible.filter(status=Status.READY_FOR_DECISION).order_by("updated_at"))
        if has_role(user, Role.GRANT_APPROVER)
        else [],
        unassigned=list(
            visible.filter(officer__isnull=True, status=Status.SUBMITTED).order_by("received_on")[
                :50
            ]
        ),
        call_deadlines=list(
            Call.objects.filter(deadline__gte=today, deadline__lte=soon).select_related("scheme")
        )
        if can_see_grants(user)
        else [],
        report_deadlines=list(
            waiting_report.filter(report_deadline__gte=today, report_deadline__lte=soon).order_by(
                "report_deadline"
            )
        ),
        overdue_reports=[
            _with_days_overdue(a, today)
            for a in waiting_report.filter(report_deadline__lt=today).order_by("report_deadline")
        ],
        overdue_repayments=list(claims.order_by("due_on", "id")),
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


def _decision_counts(qs: QuerySet[Application]) -> dict:
    current = Q(decisions__is_current=True)
    return qs.aggregate(
        received=Count("id", distinct=True),
        granted=Count("id", filter=current & Q(decisions__outcome="granted"), distinct=True),
        partly=Count("id", filter=current & Q(decisions__outcome="partly_granted"), distinct=True),
        rejected=Count("id", filter=current & Q(decisions__outcome="rejected"), distinct=True),
    )


def _received(year: int) -> QuerySet[Application]:
    """Applications received for a budget year: everything but drafts."""
    return Application.objects.filter(year=year).exclude(status__in=RECEIVED_EXCLUDED)


def _granted_by_application(year: int) -> QuerySet[Decision]:
    return Decision.objects.filter(
        is_current=True, outcome__in=Decision.GRANTING, application__year=year
    )


def scheme_statistics(year: int) -> list[SchemeYear]:
    """Per scheme for one budget year: budget, applications received / granted / partly
    granted / rejected, amount applied for and granted."""
    budgets = {
        b.scheme_id: b
        for b in SchemeBudget.objects.filter(year=year).prefetch_related("allocations")
    }
    rows = []
    for scheme in Scheme.objects.order_by("name"):
        received = _received(year).filter(scheme=scheme)
        counts = _decision_counts(received)
        budget = budgets.get(scheme.pk)
        rows.append(
            SchemeYear(
                scheme=scheme,
                year=year,
                budget=budget.amount if budget else None,
                received=counts["received"],
                granted=counts["granted"],
                partly_granted=counts["partly"],
                rejected=counts["rejected"],
                amount_applied=received.aggregate(s=Sum("amount_applied"))["s"] or Decimal(0),
                amount_granted=_granted_by_application(year)
                .filter(application__scheme=scheme)
                .aggregate(s=Sum("amount"))["s"]
                or Decimal(0),
                municipal_allocations=sum((a.amount for a in budget.allocations.all()), Decimal(0))
                if budget
                else Decimal(0),
            )
        )
    return rows


def _breakdown(year: int, scheme_id: int | None, key: str, labels: dict) -> list[Breakdown]:
    received = _received(year)
    granted = _granted_by_application(year)
    if scheme_id:
        received = received.filter(scheme_id=scheme_id)
        granted = granted.filter(application__scheme_id=scheme_id)
    result: dict[str, Breakdown] = {}
    current = Q(decisions__is_current=True)
    for row in received.values(key).annotate(
        received=Count("id", distinct=True),
        granted=Count(
            "id", filter=current & Q(decisions__outcome__in=Decision.GRANTING), distinct=True
        ),
        rejected=Count("id", filter=current & Q(decisions__outcome="rejected"), distinct=True),
    ):
        result[row[key]] = Breakdown(
            label=str(labels.get(row[key], row[key])),
            received=row["received"],
            granted=row["granted"],
            rejected=row["rejected"],
        )
    for row in received.values(key).annotate(s=Sum("amount_applied")):
        result[row[key]].amount_applied = row["s"] or Decimal(0)
    for row in granted.values("application__" + key).annotate(s=Sum("amount")):
        result[row["application__" + key]].amount_granted = row["s"] or Decimal(0)
    return sorted(result.values(), key=lambda b: b.label)


def statistics_by_county(year: int, scheme_id: int | None = None) -> list[Breakdown]:
    from imdi.models import County

    labels = dict(County.objects.values_list("name", "name"))
    return _breakdown(year, scheme_id, "organisation__municipality__county__name", labels)


def statistics_by_organisation_type(year: int, scheme_id: int | None = None) -> list[Breakdown]:
    from grants.models import OrganisationType

    return _breakdown(year, scheme_id, "organisation__type", dict(OrganisationType.choices))


@dataclass
class Kpi:
    year: int
    left: int
    work: int
    education: int
    success: int
    share_pct: Decimal | None
    outcomes: dict[str, int] = field(default_factory=dict)


def jobbsjansen_kpi(year: int) -> Kpi:
    """Of the participants who left a Jobbsjansen programme in ``year``, the share who went
    straight to work or education."""
    counts = dict(
        Participant.objects.filter(end_date__year=year)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
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


def jobbsjansen_kpi_average(first_year: int, last_year: int) -> Decimal | None:
    """The average of the yearly shares over a span of years (years without leavers are left
    out), as the source reports "75 % on average 2018-2022"."""
    shares = [
        k.share_pct
        for k in (jobbsjansen_kpi(y) for y in range(first_year, last_year + 1))
        if k.share_pct is not None
    ]
    if not shares:
        return None
    return sum(shares, Decimal(0)) / len(shares)


def participant_years() -> list[int]:
    """The years in which some Jobbsjansen participant left a programme."""
    return sorted(
        {
            d.year
            for d in Participant.objects.filter(end_date__isnull=False).dates("end_date", "year")
        }
    )


def statistics_years() -> list[int]:
    years = set(SchemeBudget.objects.values_list("year", flat=True))
    # order_by(): with the model's ordering the DISTINCT ran over (year, id), every row.
    years |= set(Application.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years, reverse=True) or [timezone.localdate().year]


@dataclass
class BudgetSplit:
    scheme: Scheme
    year: int
    budget: Decimal
    directorate: Decimal
    municipalities: list[tuple[str, Decimal]]


def budget_splits(year: int) -> list[BudgetSplit]:
    """For schemes granted partly by municipalities: each municipality's part and the part
    the directorate keeps. The parts add up to the budget."""
    result = []
    for budget in (
        SchemeBudget.objects.filter(year=year, scheme__has_local_allocation=True)
        .select_related("scheme")
        .prefetch_related("allocations__municipality")
    ):
        parts = [(a.municipality.name, a.amount) for a in budget.allocations.all()]
        result.append(
            BudgetSplit(
                scheme=budget.scheme,
                year=year,
                budget=budget.amount,
                directorate=budget.amount - sum((a for _n, a in parts), Decimal(0)),
                municipalities=sorted(parts),
            )
        )
    return result
