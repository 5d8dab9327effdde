import datetime
import re

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import format_html, format_html_join
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


OWNER_CANDIDATES = 10  # listed when a text matches several advisors or envoys
OWNER_SUGGESTIONS = 25  # offered in the field's list of suggestions
_OWNER_NUMBER = re.compile(r"#(\d{1,9})")


def owner_key(owner) -> str:
    """What identifies one advisor or envoy in an owner field: the username, or for an owner
    without an account "#" and the number (the text shown in the suggestions and errors)."""
    return owner.user.username if owner.user_id else f"#{owner.pk}"


class OwnerInput(forms.TextInput):
    """A text input with a bounded HTML list of suggestions (never every advisor)."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.suggestions: list = []
        self.label = str

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.suggestions:
            context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}_list"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.suggestions:
            return html
        list_id = f"{(attrs or {}).get('id') or self.attrs.get('id') or 'id_' + name}_list"
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((owner_key(o), self.label(o)) for o in self.suggestions),
        )
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


class OwnerField(forms.CharField):
    """One advisor or envoy out of ``queryset``, given by username, "#number", name or
    placement. A text field, not a list of every advisor (thousands of options): the text is
    resolved on the server to exactly one of those allowed, or the field says who matched."""

    widget = OwnerInput

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault(
            "help_text",
            _("Username, name or placement. Choose from the suggestions or write it."),
        )
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if hasattr(value, "pk"):
            return owner_key(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        qs = self.queryset.select_related("user")
        number = _OWNER_NUMBER.fullmatch(text)
        if number:
            found = list(qs.filter(pk=int(number.group(1)))[:1])
        else:
            found = list(qs.filter(user__username__iexact=text)[:1])
        if not found:
            found = list(
                qs.annotate(full_name=Concat("user__first_name", Value(" "), "user__last_name"))
                .filter(
                    Q(full_name__icontains=text)
                    | Q(workplace__icontains=text)
                    | Q(user__username__icontains=text)
                )
                .order_by("kind", "workplace", "pk")[: OWNER_CANDIDATES + 1]
            )
        if not found:
            raise forms.ValidationError(
                _("No advisor or envoy who can be chosen here matches “%(text)s”."),
                code="no_owner",
                params={"text": text},
            )
        if len(found) > 1:
            names = "; ".join(f"{owner} ({owner_key(owner)})" for owner in found[:OWNER_CANDIDATES])
            if len(found) > OWNER_CANDIDATES:
                message = _(
                    "More than %(count)s match “%(text)s”: %(names)s. Write the username of "
                    "the one you mean, or more of the name."
                )
            else:
                message = _(
                    "%(count)s match “%(text)s”: %(names)s. Write the username of the one you mean."
                )
            raise forms.ValidationError(
                message,
                code="several_owners",
                params={
                    "count": min(len(found), OWNER_CANDIDATES),
                    "text": text,
                    "names": names,
                },
            )
        return found[0]


class TransferForm(forms.Form):
    to_owner = OwnerField(label=_("New owner"))
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Say why, not what the case is about."),
        error_messages={"required": _("Give a reason for the transfer.")},
    )

    def __init__(self, *args, targets, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].queryset = targets
        self.fields["to_owner"].widget.suggestions = list(suggestions)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the transfer."))
        return reason


class AssignForm(TransferForm):
    """All of one owner's cases to another owner of the same kind (the coordinator)."""

    from_owner = OwnerField(
        label=_("Cases now owned by"),
        help_text=_(
            "Username, name or placement; “#” and the number for someone without an account."
        ),
    )
    include_closed = forms.BooleanField(
        label=_("Closed cases too"),
        required=False,
        help_text=_("Otherwise only open cases move. Closed cases are kept until retention."),
    )
    field_order = ["from_owner", "to_owner", "include_closed", "reason"]

    def __init__(self, *args, sources, source_suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_owner"].queryset = sources
        self.fields["from_owner"].widget.suggestions = list(source_suggestions)
        self.fields["from_owner"].widget.label = self.source_label
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
