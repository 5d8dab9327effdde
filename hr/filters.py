import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from hr.models import EmployeeRecord, Gender, PositionCategory


class EmployeeRecordFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    employee_id = django_filters.CharFilter(label=_("Employee number"), lookup_expr="iexact")
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )
    position_category = django_filters.ChoiceFilter(
        label=_("Position category"), choices=PositionCategory.choices, empty_label=_("All")
    )
    left_in_year = django_filters.BooleanFilter(
        label=_("Left in the year"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = EmployeeRecord
        fields = ["year", "employee_id", "gender", "position_category", "left_in_year"]
