import re

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grants.models import Application, OrganisationType, Participant, Scheme, Status
from imdi.models import County, Municipality
from imdi.roles import Role

ALL = _("All")
REFERENCE = re.compile(r"TS-(?P<year>\d{4})-(?P<number>\d{1,9})")


def _years():
    """The budget years that have applications, the newest first."""
    years = Application.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(y, str(y)) for y in years]


def _officers(request):
    return (
        get_user_model().objects.filter(groups__name=str(Role.GRANT_OFFICER)).order_by("first_name")
    )


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
    officer = django_filters.ModelChoiceFilter(
        label=_("Officer"), queryset=_officers, empty_label=ALL
    )

    class Meta:
        model = Application
        fields = ["q", "scheme", "year", "status", "county", "municipality", "organisation_type"]

    def search(self, queryset, name, value):
        value = value.strip()
        query = (
            Q(title__icontains=value)
            | Q(organisation__name__icontains=value)
            | Q(organisation__orgnr=value.replace(" ", ""))
            | Q(external_ref__iexact=value)
        )
        reference = REFERENCE.fullmatch(value.upper())
        if reference:  # TS-2024-00987: the year and the number must both match
            query |= Q(year=int(reference["year"]), pk=int(reference["number"]))
        return queryset.filter(query)


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
        return queryset.filter(Q(name__icontains=value) | Q(orgnr=value.replace(" ", "")))


def _projects(request):
    return Application.objects.filter(scheme__has_participants=True).select_related("organisation")


class ParticipantFilter(django_filters.FilterSet):
    application = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=_projects, empty_label=ALL
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
        fields = ["application", "q", "year_left", "outcome"]
