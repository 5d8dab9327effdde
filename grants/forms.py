from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from grants.models import (
    Application,
    Assessment,
    BudgetLine,
    Call,
    ContactPerson,
    Decision,
    Organisation,
    Participant,
    validate_orgnr,
)
from imdi.people import person_field
from imdi.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class OrganisationForm(CrispyMixin, forms.ModelForm):
    # Accepts the number as people write it ("974 760 673"); stored as nine digits.
    orgnr = forms.CharField(label=_("Organisation number"), max_length=20)

    class Meta:
        model = Organisation
        fields = [
            "orgnr",
            "name",
            "type",
            "municipality",
            "membership_based",
            "has_external_board",
            "board_has_immigrant_background",
            "board_declared_on",
        ]
        widgets = {"board_declared_on": DATE}
        help_texts = {
            "membership_based": _(
                "National resource centres: an organisation that is not membership-based must "
                "have an external board with members of immigrant background to be granted."
            )
        }

    def clean_orgnr(self):
        value = (self.cleaned_data["orgnr"] or "").replace(" ", "").replace("\xa0", "")
        validate_orgnr(value)
        return value


class ContactPersonForm(CrispyMixin, forms.ModelForm):
    submit_label = _("Add contact person")

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]


class ApplicationForm(CrispyMixin, forms.ModelForm):
    submitted = forms.BooleanField(
        label=_("The application has been received (register as submitted)"),
        required=False,
        initial=True,
    )

    class Meta:
        model = Application
        fields = [
            "organisation",
            "scheme",
            "call",
            "title",
            "description",
            "period_start",
            "period_end",
            "amount_applied",
            "planned_participants",
            "target_group",
            "received_on",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "received_on": DATE}
        help_texts = {
            "planned_participants": _("Jobbsjansen only."),
            "target_group": _("The voluntary-organisation scheme only."),
        }

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.select_related("scheme")
        if editing:
            del self.fields["submitted"]
            for name in ("organisation", "scheme"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The project ends before it starts."))
        call, scheme = data.get("call"), data.get("scheme")
        if call and scheme and call.scheme_id != scheme.pk:
            self.add_error("call", _("The call belongs to another scheme."))
        return data

    def _post_clean(self):
        # The model's constraints are checked by the service; the form checks its fields.
        pass


class BudgetLineForm(CrispyMixin, forms.ModelForm):
    submit_label = _("Add budget line")

    class Meta:
        model = BudgetLine
        fields = ["kind", "description", "amount"]


class CommentForm(CrispyMixin, forms.Form):
    submit_label = _("Add comment")
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(CrispyMixin, forms.Form):
    submit_label = _("Upload")
    file = forms.FileField(label=_("Attachment"))


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=1000)


class ImpartialityForm(CrispyMixin, forms.Form):
    submit_label = _("Submit declaration")
    CHOICES = [
        ("impartial", _("I am impartial in this case")),
        ("conflict", _("I have a conflict of interest (I am not impartial)")),
    ]
    declaration = forms.ChoiceField(
        label=_("Impartiality (forvaltningsloven § 6)"), choices=CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (required for a conflict of interest)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("declaration") == "conflict" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say briefly why you are not impartial."))
        return data


class AssignForm(CrispyMixin, forms.Form):
    """The officer from a menu of names while there are few, by name beyond that
    (imdi.people): a menu of every officer of a large agency costs seconds per page."""

    submit_label = _("Assign")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officers = (
            get_user_model()
            .objects.filter(groups__name=str(Role.GRANT_OFFICER), is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["officer"] = person_field(officers, label=_("Officer"))


class AssessmentForm(CrispyMixin, forms.Form):
    submit_label = _("Save assessment")

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(application.scheme.criteria.all())
        existing = getattr(application, "assessment", None)
        scores = {}
        if existing is not None:
            scores = {s.criterion_id: s.score for s in existing.scores.all()}
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s %%)")
                % {"name": criterion.name, "weight": criterion.weight},
                choices=[(i, str(i)) for i in range(1, 7)],
                coerce=int,
                initial=scores.get(criterion.pk),
                help_text=_("1 is weakest, 6 is strongest."),
            )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Recommendation"),
            choices=Assessment.Recommendation.choices,
            initial=existing.recommendation if existing else None,
        )
        self.fields["proposed_amount"] = forms.DecimalField(
            label=_("Proposed amount (kr)"),
            min_value=0,
            max_digits=14,
            decimal_places=2,
            initial=existing.proposed_amount if existing else None,
        )
        self.fields["summary"] = forms.CharField(
            label=_("Assessment"),
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=existing.summary if existing else "",
        )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(CrispyMixin, forms.Form):
    submit_label = _("Make decision")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Decision.Outcome.choices)
    amount = forms.DecimalField(
        label=_("Amount granted (kr)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty for a full grant of the amount applied for, or a rejection."),
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    report_deadline = forms.DateField(
        label=_("Report deadline"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the scheme's rule."),
    )


class AppealForm(CrispyMixin, forms.Form):
    submit_label = _("Register appeal")
    received_on = forms.DateField(label=_("Appeal received"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary of the appeal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PaymentForm(CrispyMixin, forms.Form):
    submit_label = _("Add instalment")
    amount = forms.DecimalField(
        label=_("Amount (kr)"), min_value=1, max_digits=14, decimal_places=2
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class GrantReportForm(CrispyMixin, forms.Form):
    submit_label = _("Register report")
    received_on = forms.DateField(label=_("Report received"), widget=DATE)
    amount_spent = forms.DecimalField(
        label=_("Money spent (kr)"), min_value=0, max_digits=14, decimal_places=2
    )
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}))


class RepaymentForm(CrispyMixin, forms.Form):
    submit_label = _("Claim repayment")
    amount = forms.DecimalField(
        label=_("Amount (kr)"), min_value=1, max_digits=14, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class RepaidForm(forms.Form):
    repaid_on = forms.DateField(label=_("Repaid on"), widget=DATE)


class ImportForm(CrispyMixin, forms.Form):
    submit_label = _("Import")
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return uploaded


class ParticipantForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "application",
            "pseudonym",
            "birth_year",
            "country_of_birth",
            "start_date",
            "end_date",
            "outcome",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["application"].queryset = projects

    def clean(self):
        data = super().clean()
        start, end, outcome = data.get("start_date"), data.get("end_date"), data.get("outcome")
        if start and end and end < start:
            self.add_error("end_date", _("The end date comes before the start date."))
        if end and not outcome:
            self.add_error("outcome", _("A participant who has left needs an outcome."))
        if outcome and not end:
            self.add_error("end_date", _("An outcome needs the date the participant left."))
        return data
