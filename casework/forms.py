import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Case, CaseService, JournalEntry, Kind, Outreach, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


CASE_FIELDS = [
    "opened_on",
    "gender",
    "birth_year",
    "age_group",
    "country_of_origin",
    "exposure",
    "contact_channel",
    "follow_up_on",
    "summary",
]
ENVOY_FIELDS = ["country_of_stay", "returned_to_norway", "returned_on"]


class CaseForm(forms.ModelForm):
    """The quick form for a new case, and the same fields to change it."""

    name = forms.CharField(
        label=_("Name (optional)"),
        required=False,
        max_length=150,
        help_text=_("Only if the work needs it. Stored encrypted."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )

    class Meta:
        model = Case
        fields = CASE_FIELDS + ENVOY_FIELDS + ["status", "closed_on"]
        widgets = {
            "opened_on": DateInput(),
            "follow_up_on": DateInput(),
            "returned_on": DateInput(),
            "closed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "birth_year": _("Or choose the age group below."),
            "summary": _("Short and factual; removed when the case is anonymised."),
        }

    def __init__(self, *args, kind: str, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != Kind.ENVOY:
            for name in ENVOY_FIELDS:
                del self.fields[name]
        if not editing:
            del self.fields["status"]
            del self.fields["closed_on"]
            self.fields["opened_on"].initial = timezone.localdate()
        else:
            self.fields["name"].initial = self.instance.name
            self.fields["themes"].initial = self.instance.theme_values
        self.fields["age_group"].required = False
        self.fields["opened_on"].required = True
        if kind == Kind.ENVOY:
            self.fields["country_of_stay"].required = True

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 100 <= year <= this_year):
            raise forms.ValidationError(
                _("Give a birth year between %(first)s and %(last)s.")
                % {"first": this_year - 100, "last": this_year}
            )
        return year

    def clean_opened_on(self):
        opened = self.cleaned_data["opened_on"]
        if opened > timezone.localdate():
            raise forms.ValidationError(_("The case cannot be opened in the future."))
        return opened

    def clean(self):
        data = super().clean()
        if not data.get("birth_year") and not data.get("age_group"):
            self.add_error("age_group", _("Give a birth year or an age group."))
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("A case cannot be closed before it was opened."))
        returned = data.get("returned_on")
        if opened and returned and returned < opened:
            self.add_error("returned_on", _("The return cannot be before the case was opened."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        themes = data.pop("themes")
        name = data.pop("name")
        return {"themes": themes, "name": name, **data}


class JournalEntryForm(forms.ModelForm):
    follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        widget=DateInput(),
        help_text=_("When the case should be followed up next. Empty: the date stays as it is."),
    )

    class Meta:
        model = JournalEntry
        fields = ["date", "entry_kind", "text", "follow_up_on"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if case is not None:
            self.fields["follow_up_on"].initial = case.follow_up_on

    def clean_follow_up_on(self):
        date = self.cleaned_data["follow_up_on"]
        if date and date < timezone.localdate():
            raise forms.ValidationError(_("The next follow-up cannot be in the past."))
        return date

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A journal entry cannot be dated in the future."))
        return date


class CaseServiceForm(forms.ModelForm):
    class Meta:
        model = CaseService
        fields = ["service", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return data


class TransferForm(forms.Form):
    to_owner = forms.ModelChoiceField(label=_("New owner"), queryset=None)
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Say why, not what the case is about."),
        error_messages={"required": _("Give a reason for the transfer.")},
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].queryset = targets

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the transfer."))
        return reason


class AssignForm(TransferForm):
    """All of one owner's cases to another owner of the same kind (the coordinator)."""

    from_owner = forms.ModelChoiceField(label=_("Cases now owned by"), queryset=None)
    include_closed = forms.BooleanField(
        label=_("Closed cases too"),
        required=False,
        help_text=_("Otherwise only open cases move. Closed cases are kept until retention."),
    )
    field_order = ["from_owner", "to_owner", "include_closed", "reason"]

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_owner"].queryset = sources
        self.fields["from_owner"].label_from_instance = self.source_label
        self.fields["to_owner"].label = _("Give the cases to")

    @staticmethod
    def source_label(owner) -> str:
        if owner.active and owner.user_id:
            return str(owner)
        return _("%(owner)s (has left or has no account)") % {"owner": owner}

    def clean(self):
        data = super().clean()
        source, target = data.get("from_owner"), data.get("to_owner")
        if source and target:
            if source.pk == target.pk:
                self.add_error(
                    "to_owner", _("Choose another advisor than the one who has the cases now.")
                )
            elif source.kind != target.kind:
                self.add_error(
                    "to_owner",
                    _("An advisor's case can only go to an advisor, an envoy's to an envoy."),
                )
        return data


class OutreachForm(forms.ModelForm):
    class Meta:
        model = Outreach
        fields = ["date", "outreach_kind", "audience", "channel", "topic", "reached"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=0):
            raise forms.ValidationError(_("Register activities that have taken place."))
        return date
