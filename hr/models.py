"""HR equality data: one record per employee per year, the immigrant-background counts from
Statistics Norway, and the year's equality work in the four steps of the law."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MAN = "M", pgettext_lazy("hr", "Man")
    WOMAN = "K", pgettext_lazy("hr", "Woman")


class PositionCategory(models.TextChoices):
    # The order is the order of the equality table.
    TOP_MANAGER = "toppleder", _("Top manager")
    MIDDLE_MANAGER = "mellomleder", _("Middle manager")
    ALTERNATIVE_CAREER = "alternativ_karrierevei", _("Alternative career path")
    CASEWORKER = "saksbehandler", _("Caseworker")
    CONSULTANT_SECRETARY = "konsulent_sekretaer", _("Consultant/secretary")
    APPRENTICE = "laerling", _("Apprentice")


# The fields of a record beyond its key (year, employee_id), in the import format's order.
RECORD_FIGURES = [
    "gender",
    "position_category",
    "annual_salary",
    "fte_percent",
    "temporary",
    "involuntary_part_time",
    "hired_in_year",
    "left_in_year",
    "parental_leave_weeks",
    "sick_leave_days",
    "agreed_work_days",
]


class EmployeeRecord(models.Model):
    """One employee in one year, exactly the fields of the import format."""

    year = models.PositiveSmallIntegerField(pgettext_lazy("hr", "year"), db_index=True)
    # A pseudonymous staff number, never a national identity number.
    employee_id = models.CharField(_("employee number"), max_length=32)
    gender = models.CharField(pgettext_lazy("hr", "gender"), max_length=1, choices=Gender.choices)
    position_category = models.CharField(
        _("position category"), max_length=32, choices=PositionCategory.choices
    )
    annual_salary = models.PositiveIntegerField(
        _("annual salary (full time)"), help_text=_("Whole kroner, converted to full time.")
    )
    fte_percent = models.DecimalField(
        _("position size (percent)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    temporary = models.BooleanField(pgettext_lazy("hr", "temporary"), default=False)
    involuntary_part_time = models.BooleanField(_("involuntary part time"), default=False)
    hired_in_year = models.BooleanField(_("hired in the year"), default=False)
    left_in_year = models.BooleanField(_("left in the year"), default=False)
    parental_leave_weeks = models.DecimalField(
        _("weeks of parental leave"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    sick_leave_days = models.DecimalField(
        _("days of certified sick leave"), max_digits=7, decimal_places=2, default=Decimal("0")
    )
    agreed_work_days = models.DecimalField(_("agreed work days"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("employee record")
        verbose_name_plural = _("employee records")
        ordering = ["-year", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "employee_id"], name="hr_record_year_employee"),
            models.CheckConstraint(
                condition=models.Q(fte_percent__gt=0, fte_percent__lte=100),
                name="hr_record_fte_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.employee_id}"


class ImmigrantBackground(models.Model):
    """Yearly averages from Statistics Norway, table 12625, entered by the HR officer."""

    year = models.PositiveSmallIntegerField(pgettext_lazy("hr", "year"), unique=True)
    total_employees = models.PositiveIntegerField(_("total employees"))
    group1 = models.PositiveIntegerField(
        _("group 1"), help_text=_("EU/EFTA, North America, Australia and New Zealand.")
    )
    group2 = models.PositiveIntegerField(
        _("group 2"),
        help_text=_(
            "Asia, Turkey, Africa, Latin America, Europe outside the EU/EFTA, "
            "Oceania outside Australia and New Zealand."
        ),
    )
    goal_pct = models.DecimalField(
        _("goal (percent)"), max_digits=5, decimal_places=2, default=Decimal("30")
    )

    class Meta:
        verbose_name = _("immigrant background (SSB 12625)")
        verbose_name_plural = _("immigrant background (SSB 12625)")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_employees__gte=models.F("group1") + models.F("group2")),
                name="hr_immigrant_groups_within_total",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class EqualityWork(models.Model):
    """The year's work for equality in the four steps of the Equality Act § 26."""

    year = models.PositiveSmallIntegerField(pgettext_lazy("hr", "year"), unique=True)
    risks = models.TextField(_("1. Risks of discrimination found"), blank=True)
    causes = models.TextField(_("2. Causes of the risks"), blank=True)
    measures_summary = models.TextField(_("3. Measures"), blank=True)
    evaluation = models.TextField(_("4. Evaluation of the results"), blank=True)
    updated_at = models.DateTimeField(pgettext_lazy("hr", "changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("hr", "changed by"),
    )

    class Meta:
        verbose_name = _("equality work")
        verbose_name_plural = _("equality work")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("hr", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("hr", "In progress")
        DONE = "done", pgettext_lazy("hr", "Done")
        DROPPED = "dropped", pgettext_lazy("hr", "Dropped")

    work = models.ForeignKey(
        EqualityWork,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("equality work"),
    )
    description = models.TextField(pgettext_lazy("hr", "measure"))
    owner = models.CharField(pgettext_lazy("hr", "responsible"), max_length=200)
    deadline = models.DateField(pgettext_lazy("hr", "deadline"))
    status = models.CharField(
        pgettext_lazy("hr", "status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = pgettext_lazy("hr", "measure")
        verbose_name_plural = pgettext_lazy("hr", "measures")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
