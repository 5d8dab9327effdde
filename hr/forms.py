from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from hr.models import RECORD_FIGURES, EmployeeRecord, EqualityWork, ImmigrantBackground, Measure

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Employee file (CSV or XLSX)"),
        validators=[FileExtensionValidator(["csv", "txt", "xlsx"])],
        help_text=_(
            "Header with the columns year, employee_id, gender, position_category, annual_salary, "
            "fte_percent, temporary, involuntary_part_time, hired_in_year, left_in_year, "
            "parental_leave_weeks, sick_leave_days, agreed_work_days, in any order."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Check the file"))
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImmigrantBackgroundForm(forms.ModelForm):
    class Meta:
        model = ImmigrantBackground
        fields = ["year", "total_employees", "group1", "group2", "goal_pct"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
        if self.instance.pk:
            self.fields["year"].disabled = True

    def validate_unique(self):
        # Saving an existing year changes it (the service updates by year).
        pass

    def clean(self):
        data = super().clean()
        total = data.get("total_employees")
        if total is not None and data.get("group1") is not None and data.get("group2") is not None:
            if data["group1"] + data["group2"] > total:
                raise forms.ValidationError(
                    _("Group 1 and group 2 together cannot exceed the total number of employees.")
                )
            if total == 0:
                self.add_error("total_employees", _("The total must be above 0."))
        goal = data.get("goal_pct")
        if goal is not None and not 0 <= goal <= 100:
            self.add_error("goal_pct", _("The goal must be from 0 to 100 percent."))
        year = data.get("year")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("year", _("The year must be from 2000 to 2100."))
        return data


class EqualityWorkForm(forms.ModelForm):
    class Meta:
        model = EqualityWork
        fields = ["risks", "causes", "measures_summary", "evaluation"]
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the equality work"))
        self.helper.form_tag = False


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["description", "owner", "deadline", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.helper = _helper(_("Save the measure"))
        self.helper.form_tag = False


class EmployeeRecordForm(forms.ModelForm):
    """A correction of one record; the year and the employee number stay."""

    class Meta:
        model = EmployeeRecord
        fields = RECORD_FIGURES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the record"))
        self.fields["annual_salary"].min_value = 1
        self.fields["parental_leave_weeks"].min_value = 0
        self.fields["sick_leave_days"].min_value = 0

    def clean(self):
        data = super().clean()
        fte = data.get("fte_percent")
        if fte is not None and not 0 < fte <= 100:
            self.add_error("fte_percent", _("The position size must be above 0 and at most 100."))
        agreed = data.get("agreed_work_days")
        if agreed is not None and agreed <= 0:
            self.add_error("agreed_work_days", _("The agreed work days must be above 0."))
        sick = data.get("sick_leave_days")
        if sick is not None and agreed is not None and sick > agreed:
            self.add_error(
                "sick_leave_days", _("The days of sick leave exceed the agreed work days.")
            )
        return data
