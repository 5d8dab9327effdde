from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imdi.reports.models import ReportFormat
from imdi.reports.services import FIRST_YEAR


def _year_choices():
    latest = timezone.localdate().year
    return [(y, str(y)) for y in range(latest, FIRST_YEAR - 1, -1)]


class ExportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one format.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year - 1)
            self.initial.setdefault("formats", [f.value for f in ReportFormat])
        self.helper = FormHelper()
        self.helper.form_action = "reports:create"
        self.helper.add_input(Submit("submit", _("Produce the statement")))
