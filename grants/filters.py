import re

import django_filters
from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, Lookup, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Application, OrganisationType, Participant, Scheme, Status
from imdi.models import County, Municipality

ALL = _("All")
REFERENCE = re.compile(r"TS-(?P<year>\d{4})-(?P<number>\d{1,9})")


def _years():
    """The budget years from the first to the last application's, the newest first (two
    index look-ups, not a DISTINCT over every application)."""
    from grants.selectors import application_years

    return [(y, str(y)) for y in application_years()]


class _ILike(Lookup):
    """``lhs ILIKE rhs`` on PostgreSQL: the form a pg_trgm GIN index on the plain column
    serves (Django's ``icontains`` compares ``UPPER(col::text)``, which that index does not)."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


class _InArray(Lookup):
    """``lhs = ANY(ARRAY(subquery))`` on PostgreSQL: the subquery runs once (an InitPlan) and
    the condition is an index condition, so it can be one arm of a BitmapOr; ``lhs IN
    (subquery)`` inside an OR is a filter checked on every row of a sequential scan."""

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


REPORT_OVERDUE = "report_overdue"
REPORT_DUE = "report_due"
REPAYMENT_OVERDUE = "repayment_overdue"
UNASSIGNED = "unassigned"
SOON = 14  # days: "the coming two weeks" of the work list


def follow_up(queryset, value: str, today=None):
    """Applications that need following up: the same rules as the work list's sections."""
    import datetime as dt

    from grants.models import RepaymentClaim
    from grants.selectors import REPORT_PENDING

    today = today or timezone.localdate()
    if value == REPORT_OVERDUE:
        return queryset.filter(status__in=REPORT_PENDING, report_deadline__lt=today)
    if value == REPORT_DUE:
        return queryset.filter(
            status__in=REPORT_PENDING,
            report_deadline__gte=today,
            report_deadline__lte=today + dt.timedelta(days=SOON),
        )
    if value == REPAYMENT_OVERDUE:
        claims = RepaymentClaim.objects.filter(repaid_on__isnull=True, due_on__lt=today)
        return queryset.filter(pk__in=claims.order_by().values("application_id"))
    if value == UNASSIGNED:
        return queryset.filter(status=Status.SUBMITTED, officer__isnull=True)
    return queryset


def _contains_pattern(value: str) -> str:
    return "%" + connection.ops.prep_for_like_query(value) + "%"


def text_search(queryset, value: str):
    """Applications whose title, portal reference, organisation name or number or case
    reference (TS-2024-00987) match ``value``.

    On PostgreSQL each arm is served by an index (pg_trgm GIN indexes on the title, the portal
    reference and the organisation's name, the primary key), so the database combines them with
    a BitmapOr instead of reading every application; elsewhere the same match with
    ``icontains`` / ``iexact``.
    """
    from grants.models import Organisation

    value = value.strip()
    orgnr = value.replace(" ", "")
    if connection.vendor == "postgresql":
        organisations = (
            Organisation.objects.filter(
                _ILike(F("name"), _contains_pattern(value)) | Q(orgnr=orgnr)
            )
            .order_by()
            .values("id")
        )
        query = (
            Q(_ILike(F("title"), _contains_pattern(value)))
            | Q(_InArray(F("organisation_id"), Subquery(organisations)))
            | Q(_ILike(F("external_ref"), connection.ops.prep_for_like_query(value)))
        )
    else:
        query = (
            Q(title__icontains=value)
            | Q(organisation__name__icontains=value)
            | Q(organisation__orgnr=orgnr)
            | Q(external_ref__iexact=value)
        )
    reference = REFERENCE.fullmatch(value.upper())
    if reference:  # TS-2024-00987: the year and the number must both match
        query |= Q(year=int(reference["year"]), pk=int(reference["number"]))
    queryset = queryset.filter(query)
    if connection.vendor == "postgresql":
        # The list's order (year DESC, id DESC), written so that PostgreSQL cannot walk the
        # (year, id) index and test every row until it has a page: it assumes the matches
        # are spread evenly over the years, and when they are all old it reads the whole
        # table (1.6 s for 25 rows of a million). Sorting the indexed matches takes ~10 ms.
        queryset = queryset.order_by(
            ExpressionWrapper(F("year") + 0, output_field=IntegerField()).desc(),
            F("id").desc(),
        )
    return queryset


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    scheme = django_filters.ModelChoiceFilter(
        label=_("Scheme"), queryset=Scheme.objects.all(), empty_label=ALL
    )
    year = django_filters.ChoiceFilter(label=_("Budget year"), choices=_years, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=ALL)
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        field_name="organisation__municipality__county",
        empty_label=ALL,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        field_name="organisation__municipality",
        empty_label=ALL,
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Organisation type"),
        choices=OrganisationType.choices,
        field_name="organisation__type",
        empty_label=ALL,
    )
    # The officer's user name, not a menu of every grant officer (it grows with the staff).
    officer = django_filters.CharFilter(
        label=_("Officer's user name"), field_name="officer__username", lookup_expr="exact"
    )
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[
            (REPORT_OVERDUE, _("Grantee report overdue")),
            (REPORT_DUE, _("Grantee report due in the coming two weeks")),
            (REPAYMENT_OVERDUE, _("Repayment not received by its due date")),
            (UNASSIGNED, _("Submitted, no officer assigned")),
        ],
        empty_label=ALL,
        method="filter_follow_up",
    )

    class Meta:
        model = Application
        fields = ["q", "scheme", "year", "status", "county", "municipality", "organisation_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per request: a callable would be read again when the form is drawn.
        self.filters["year"].extra["choices"] = _years()

    def search(self, queryset, name, value):
        return text_search(queryset, value)

    def filter_follow_up(self, queryset, name, value):
        """The work list's sections over the whole agency, each in full."""
        return follow_up(queryset, value)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(
        label=_("Organisation type"), choices=OrganisationType.choices, empty_label=ALL
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        field_name="municipality__county",
        empty_label=ALL,
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if connection.vendor == "postgresql":  # served by the trigram index on the name
            by_name = Q(_ILike(F("name"), _contains_pattern(value)))
        else:
            by_name = Q(name__icontains=value)
        return queryset.filter(by_name | Q(orgnr=value.replace(" ", "")))


class ParticipantFilter(django_filters.FilterSet):
    # A text field, not a menu of every Jobbsjansen project (tens of thousands of options).
    project = django_filters.CharFilter(
        label=_("Project"),
        method="filter_project",
        help_text=_(
            "The project's reference (TS-2025-00042), or words from its title or the "
            "organisation's name, or the organisation number."
        ),
    )
    q = django_filters.CharFilter(
        label=_("Pseudonymous id"), field_name="pseudonym", lookup_expr="icontains"
    )
    year_left = django_filters.NumberFilter(label=_("Year left"), field_name="end_date__year")
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=Participant.Outcome.choices, empty_label=ALL
    )

    class Meta:
        model = Participant
        fields = ["project", "q", "year_left", "outcome"]

    def filter_project(self, queryset, name, value):
        value = value.strip()
        projects = Application.objects.filter(scheme__has_participants=True)
        reference = REFERENCE.fullmatch(value.upper())
        if reference:  # exactly that project
            projects = projects.filter(year=int(reference["year"]), pk=int(reference["number"]))
        else:
            projects = text_search(projects, value)
        return queryset.filter(application__in=projects.order_by().values("pk"))
