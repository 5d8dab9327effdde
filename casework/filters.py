import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Case, Kind, Theme


class CaseFilter(django_filters.FilterSet):
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


class MyCaseFilter(CaseFilter):
    due = django_filters.BooleanFilter(
        label=_("Only cases that need follow-up"),
        method="follow_up_due",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Case
        fields = ["q", "status", "theme", "due"]

    def follow_up_due(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Case.Status.OPEN, follow_up_on__lte=timezone.localdate())

    @property
    def is_search(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(k) for k in ("q", "status", "theme", "due"))


class OverviewFilter(CaseFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("All"))
    # A text field, not a list of every advisor and envoy (thousands of options): the name,
    # username or placement of the owner, resolved to the owners' ids in one query.
    owner = django_filters.CharFilter(
        label=_("Owner"),
        method="by_owner",
        help_text=_("Name, username or placement."),
    )

    class Meta:
        model = Case
        fields = ["q", "kind", "owner", "status", "theme"]

    # The owners the owner search matched (None: no owner search), for the caseload too.
    owner_ids: list[int] | None = None

    def by_owner(self, queryset, name, value):
        from casework.selectors import owner_ids_matching

        if not value.strip():
            return queryset
        self.owner_ids = owner_ids_matching(value)
        return queryset.filter(owner_id__in=self.owner_ids)

    @property
    def is_search(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(k) for k in ("q", "status", "theme", "kind", "owner"))
