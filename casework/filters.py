import django_filters
from django.utils.translation import gettext_lazy as _

from casework.models import Advisor, Case, Kind, Theme


class MyCaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("All")
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=Theme.choices, field_name="themes__theme", empty_label=_("All")
    )

    class Meta:
        model = Case
        fields = ["q", "status", "theme"]

    def search(self, queryset, name, value):
        from casework.selectors import search_cases

        return search_cases(queryset, value)

    @property
    def is_search(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(k) for k in ("q", "status", "theme"))


class OverviewFilter(MyCaseFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("All"))
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        queryset=Advisor.objects.select_related("user").order_by("workplace"),
        empty_label=_("All"),
    )

    class Meta:
        model = Case
        fields = ["q", "kind", "owner", "status", "theme"]

    @property
    def is_search(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(k) for k in ("q", "status", "theme", "kind", "owner"))
