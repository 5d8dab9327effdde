"""Grant schemes, organisations, applications and the Jobbsjansen participant register.

The case flow itself (which status may follow which, and who may move it) is declared once
in :mod:`grants.workflow`; the models only hold the data and its invariants.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr

from imdi.models import Municipality


def prefetched(instance: models.Model, name: str) -> list | None:
    """The rows of ``instance``'s related list ``name`` if they are already loaded (by
    ``prefetch_related``), otherwise None: the caller reads them itself."""
    cache = getattr(instance, "_prefetched_objects_cache", {})
    if name not in cache:
        return None
    return list(cache[name])


MONEY = {"max_digits": 14, "decimal_places": 2}


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


def validate_orgnr(value: str) -> None:
    if not stdnum_orgnr.is_valid(value or ""):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (9 digits with a valid check digit)."),
            code="invalid_orgnr",
            params={"value": value},
        )


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY_AUTHORITY = "county_authority", _("County authority")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    IMMIGRANT_COMMUNITY = "immigrant_community", _("Immigrant community organisation")
    FOUNDATION = "foundation", _("Foundation")
    EMPLOYER = "employer", _("Employer")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    IN_ASSESSMENT = "in_assessment", _("Being assessed")
    RETURNED = "returned", _("Returned to applicant")
    READY_FOR_DECISION = "ready_for_decision", _("Ready for decision")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Appealed")
    TO_BE_PAID = "to_be_paid", _("To be paid")
    AWAITING_REPORT = "awaiting_report", _("Awaiting report")
    REPORT_DELIVERED = "report_delivered", _("Report delivered")
    REPAYMENT_CLAIMED = "repayment_claimed", _("Repayment claimed")
    CLOSED = "closed", _("Closed")


class Scheme(models.Model):
    class PaymentMode(models.TextChoices):
        ADVANCE = "advance", _("In advance")
        INSTALMENTS = "instalments", _("In instalments")
        AFTER_REPORT = "after_report", _("After the report")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    eligible_types = models.JSONField(
        _("organisation types that may apply"),
        default=list,
        help_text=_('Values from the organisation types, e.g. ["municipality"].'),
    )
    four_eyes = models.BooleanField(
        _("four eyes"),
        default=True,
        help_text=_("The decision is made by someone other than the one who prepared it."),
    )
    external_board_rule = models.BooleanField(
        _("external board rule"),
        default=False,
        help_text=_(
            "An organisation that is not membership-based must have an external board with "
            "members of immigrant background."
        ),
    )
    payment_mode = models.CharField(
        _("payment"), max_length=20, choices=PaymentMode.choices, default=PaymentMode.ADVANCE
    )
    has_participants = models.BooleanField(_("participant register (Jobbsjansen)"), default=False)
    has_local_allocation = models.BooleanField(
        _("part of the budget granted by municipalities"), default=False
    )
    report_months = models.PositiveSmallIntegerField(
        _("report deadline, months after the project period"), default=3
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        valid = set(OrganisationType.values)
        if not isinstance(self.eligible_types, list) or not set(self.eligible_types) <= valid:
            raise ValidationError({"eligible_types": _("Use a list of known organisation types.")})


class Criterion(models.Model):
    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("scheme")
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class SchemeBudget(models.Model):
    """The yearly budget (tilsagnsramme). The sum granted never exceeds ``amount``."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("scheme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["-year", "scheme__name"]
        verbose_name = _("scheme budget")
        verbose_name_plural = _("scheme budgets")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="grants_budget_scheme_year")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"

    @property
    def allocated_to_municipalities(self) -> Decimal:
        return self.allocations.aggregate(s=models.Sum("amount"))["s"] or Decimal(0)

    @property
    def directorate_share(self) -> Decimal:
        """The part the directorate grants itself; with the municipal parts it adds up to
        the budget."""
        return self.amount - self.allocated_to_municipalities


class MunicipalAllocation(models.Model):
    """The part of a budget passed to a municipality that grants it locally."""

    budget = models.ForeignKey(
        SchemeBudget,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("budget"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["budget", "municipality__name"]
        verbose_name = _("municipal allocation")
        verbose_name_plural = _("municipal allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "municipality"], name="grants_allocation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.municipality}"

    def clean(self):
        if self.budget_id is None or self.amount is None:
            return
        others = (
            self.budget.allocations.exclude(pk=self.pk).aggregate(s=models.Sum("amount"))["s"] or 0
        )
        if others + self.amount > self.budget.amount:
            raise ValidationError(
                {"amount": _("The municipal parts together would exceed the scheme's budget.")}
            )


class Call(models.Model):
    """A call for applications (utlysning)."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("scheme")
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["-year", "scheme__name"]
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("The deadline comes before the opening date.")})


class Organisation(models.Model):
    orgnr = models.CharField(
        _("organisation number"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("organisation type"), max_length=30, choices=OrganisationType.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    membership_based = models.BooleanField(_("membership-based"), default=True)
    has_external_board = models.BooleanField(_("has an external board"), default=False)
    board_has_immigrant_background = models.BooleanField(
        _("board members with immigrant background"), default=False
    )
    board_declared_on = models.DateField(_("board composition declared"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # The list's order (name, id): its first page without sorting every organisation.
        indexes = [models.Index(fields=["name", "id"], name="grants_org_name_id")]

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grants:organisation_detail", args=[self.pk])

    @property
    def meets_external_board_rule(self) -> bool:
        return self.membership_based or (
            self.has_external_board and self.board_has_immigrant_background
        )


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("scheme")
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("call"),
    )
    year = models.PositiveSmallIntegerField(_("budget year"), db_index=True)
    title = models.CharField(_("project title"), max_length=200)
    description = models.TextField(_("project description"), blank=True)
    period_start = models.DateField(_("project start"))
    period_end = models.DateField(_("project end"))
    amount_applied = models.DecimalField(
        _("amount applied for"), **MONEY, validators=[MinValueValidator(1)]
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants"), null=True, blank=True
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("officer"),
    )
    received_on = models.DateField(_("received"), null=True, blank=True)
    report_deadline = models.DateField(_("report deadline"), null=True, blank=True)
    external_ref = models.CharField(_("portal reference"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            # The list's default order (year DESC, id DESC), read backwards.
            models.Index(fields=["year", "id"], name="grants_app_year_id"),
            # The approver's queue: ready for decision, the longest waiting first.
            models.Index(fields=["status", "updated_at", "id"], name="grants_app_status_updated"),
            # Grantee reports still to come, by deadline (the work list's overdue reports).
            models.Index(
                fields=["report_deadline", "id"],
                name="grants_app_report_pending",
                condition=Q(status__in=["to_be_paid", "awaiting_report"]),
            ),
            # An officer's own open applications (the work list), without a bitmap of every
            # application in an open status; with the id, the officer's application ids are
            # read from the index alone (their repayment claims).
            models.Index(fields=["officer", "status", "id"], name="grants_app_officer_status_id"),
            # Submitted applications nobody is assigned to, the oldest first (the work list).
            models.Index(
                fields=["received_on", "id"],
                name="grants_app_unassigned",
                condition=Q(status="submitted", officer__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="grants_application_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grants:application_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"TS-{self.year}-{self.pk:05d}" if self.pk else "TS-?"

    @property
    def current_decision(self):
        decisions = prefetched(self, "decisions")
        if decisions is not None:  # loaded once by the detail page: no second read
            return next((d for d in decisions if d.is_current), None)
        return self.decisions.filter(is_current=True).first()


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        COST = "cost", _("Cost")
        FUNDING = "funding", _("Other funding")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="grants/attachments/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class HistoryEntry(models.Model):
    """The application's history: every transition, comment and decision."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Registered")
        TRANSITION = "transition", _("Status changed")
        COMMENT = "comment", _("Comment")
        IMPARTIALITY = "impartiality", _("Impartiality")
        ASSESSMENT = "assessment", _("Assessment")
        DECISION = "decision", _("Decision")
        APPEAL = "appeal", _("Appeal")
        PAYMENT = "payment", _("Payment")
        REPORT = "report", _("Grantee report")
        REPAYMENT = "repayment", _("Repayment")
        ASSIGNMENT = "assignment", _("Officer assigned")
        ATTACHMENT = "attachment", _("Attachment")
        LETTER = "letter", _("Decision letter")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("application"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class ImpartialityDeclaration(models.Model):
    """Before assessing, the officer declares that they are impartial (fvl. § 6), or not."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("application"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    conflict = models.BooleanField(_("conflict of interest"))
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        ordering = ["-declared_at"]
        verbose_name = _("impartiality declaration")
        verbose_name_plural = _("impartiality declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "officer"], name="grants_declaration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.officer_id}"


class Assessment(models.Model):
    class Recommendation(models.TextChoices):
        GRANT = "grant", _("Grant")
        PARTLY = "partly", _("Grant in part")
        REJECT = "reject", _("Reject")

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="assessment",
        verbose_name=_("application"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    proposed_amount = models.DecimalField(
        _("proposed amount"), **MONEY, validators=[MinValueValidator(0)]
    )
    summary = models.TextField(_("assessment"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.application_id}"

    @property
    def weighted_score(self) -> Decimal | None:
        """Sum of score x weight / sum of weights, on the 1-6 scale."""
        scores = prefetched(self, "scores")
        if scores is None:
            scores = list(self.scores.select_related("criterion"))
        total_weight = sum(s.criterion.weight for s in scores)
        if not total_weight:
            return None
        value = Decimal(sum(s.score * s.criterion.weight for s in scores)) / total_weight
        return value.quantize(Decimal("0.01"))


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(
        _("score (1-6)"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="grants_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        REJECTED = "rejected", _("Rejected")

    GRANTING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(_("amount granted"), **MONEY, validators=[MinValueValidator(0)])
    reasons = models.TextField(_("reasons"))
    conditions = models.TextField(_("conditions"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decision date"))
    appeal_deadline = models.DateField(_("appeal deadline"))
    report_deadline = models.DateField(_("report deadline"), null=True, blank=True)
    # A decision that an appeal has led to a new decision on is kept, but no longer current.
    is_current = models.BooleanField(_("current"), default=True)
    letter = models.FileField(
        _("decision letter"), storage=private_storage, upload_to="grants/letters/%Y/", blank=True
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(is_current=True),
                name="grants_one_current_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"

    @property
    def is_grant(self) -> bool:
        return self.outcome in self.GRANTING


class Appeal(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("application")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("decision")
    )
    received_on = models.DateField(_("appeal received"))
    within_deadline = models.BooleanField(_("within the deadline"))
    summary = models.TextField(_("summary of the appeal"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_on}"


class Payment(models.Model):
    """One instalment of a grant: planned with a due date, and paid when registered."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("application"),
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(1)])
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.application_id} {self.amount}"


class GrantReport(models.Model):
    """The grantee's report on the use of the grant."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="grant_report",
        verbose_name=_("application"),
    )
    received_on = models.DateField(_("received"))
    amount_spent = models.DecimalField(_("money spent"), **MONEY, validators=[MinValueValidator(0)])
    results = models.TextField(_("results"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("grantee report")
        verbose_name_plural = _("grantee reports")

    def __str__(self) -> str:
        return f"{self.application_id}"


class RepaymentClaim(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="repayment_claims",
        verbose_name=_("application"),
    )
    amount = models.DecimalField(_("amount claimed"), **MONEY, validators=[MinValueValidator(1)])
    reason = models.TextField(_("reason"))
    claimed_on = models.DateField(_("claimed"))
    due_on = models.DateField(_("due"))
    repaid_on = models.DateField(_("repaid"), null=True, blank=True)

    class Meta:
        ordering = ["-claimed_on"]
        verbose_name = _("repayment claim")
        verbose_name_plural = _("repayment claims")
        # Claims still to be repaid, by due date (the work list's overdue repayments).
        indexes = [
            models.Index(
                fields=["due_on", "id"],
                name="grants_claim_open_due",
                condition=Q(repaid_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.amount}"


class Participant(models.Model):
    """A participant in a Jobbsjansen project, under a pseudonym."""

    class Outcome(models.TextChoices):
        WORK = "work", _("Work")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    SUCCESS = (Outcome.WORK, Outcome.EDUCATION)

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("project"),
    )
    pseudonym = models.CharField(_("pseudonymous id"), max_length=40)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1930), MaxValueValidator(2015)]
    )
    country_of_birth = models.CharField(_("country of birth"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome on leaving"), max_length=20, choices=Outcome.choices, blank=True
    )

    class Meta:
        ordering = ["application", "pseudonym"]
        verbose_name = _("Jobbsjansen participant")
        verbose_name_plural = _("Jobbsjansen participants")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "pseudonym"], name="grants_participant_once"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, outcome="")
                | Q(end_date__isnull=False) & ~Q(outcome=""),
                name="grants_participant_outcome_on_leaving",
            ),
        ]
        indexes = [models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return self.pseudonym
