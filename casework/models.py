"""The casework register: advisors and envoys, their cases, journals and outreach.

A case holds special-category personal data, often about minors. The person is kept to the
minimum: a pseudonymous reference, an optional name that is encrypted at rest, and the
statistical facts. There is no national identity number anywhere. Case, service, journal and
transfer models are deliberately kept out of the Django admin.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import crypto
from imdi.models import County, Municipality


class Kind(models.TextChoices):
    ADVISOR = "advisor", _("diversity advisor")
    ENVOY = "envoy", _("special envoy")


class Station(models.TextChoices):
    AMMAN = "amman", _("Amman")
    ANKARA = "ankara", _("Ankara")
    ISLAMABAD = "islamabad", _("Islamabad")
    NAIROBI = "nairobi", _("Nairobi")


class WorkplaceKind(models.TextChoices):
    UPPER_SECONDARY = "upper_secondary", _("upper secondary school")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary school")
    ADULT_EDUCATION = "adult_education", _("adult education centre")
    EMBASSY = "embassy", _("embassy")


class Gender(models.TextChoices):
    FEMALE = "female", _("girl or woman")
    MALE = "male", _("boy or man")
    OTHER = "other", _("other or unknown")


class AgeGroup(models.TextChoices):
    UNDER_13 = "0-12", _("12 years or younger")
    FROM_13 = "13-15", _("13-15 years")
    FROM_16 = "16-17", _("16-17 years")
    FROM_18 = "18-25", _("18-25 years")
    OVER_25 = "26+", _("26 years or older")
    UNKNOWN = "unknown", _("unknown age")

    @classmethod
    def for_age(cls, age: int | None) -> AgeGroup:
        if age is None or age < 0:
            return cls.UNKNOWN
        if age <= 12:
            return cls.UNDER_13
        if age <= 15:
            return cls.FROM_13
        if age <= 17:
            return cls.FROM_16
        if age <= 25:
            return cls.FROM_18
        return cls.OVER_25


class Exposure(models.TextChoices):
    AT_RISK = "at_risk", _("at risk")
    EXPOSED = "exposed", _("exposed")


class Theme(models.TextChoices):
    SOCIAL_CONTROL = "social_control", _("negative social control")
    HONOUR_VIOLENCE = "honour_violence", _("honour-related violence")
    FORCED_MARRIAGE = "forced_marriage", _("forced marriage")
    FGM = "fgm", _("female genital mutilation")
    PSYCHOLOGICAL = "psychological", _("psychological violence")
    STAY_ABROAD = "stay_abroad", _("involuntary stay abroad")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    INSTAGRAM = "instagram", _("Instagram")
    SNAPCHAT = "snapchat", _("Snapchat")
    NORA = "nora", _("the Nora portal")
    UNG_NO = "ung_no", _("ung.no")
    REFERRAL = "referral", _("referral")


class Service(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("child welfare")
    POLICE = "police", _("police")
    SHELTER = "shelter", _("shelter")
    HEALTH = "health", _("health service")
    NAV = "nav", _("NAV")
    UDI = "udi", _("UDI")
    FOREIGN_SERVICE = "foreign_service", _("the foreign service")
    EXPERT_TEAM = "expert_team", _("IMDi's expert team")
    KOMPETANSETEAMET = "kompetanseteamet", _("Kompetanseteamet")


class Country(models.TextChoices):
    """Countries of origin and of stay, by ISO 3166 code. Not exhaustive: "other" exists."""

    AF = "AF", _("Afghanistan")
    BA = "BA", _("Bosnia and Herzegovina")
    BD = "BD", _("Bangladesh")
    EG = "EG", _("Egypt")
    ER = "ER", _("Eritrea")
    ET = "ET", _("Ethiopia")
    GM = "GM", _("Gambia")
    IN = "IN", _("India")
    IQ = "IQ", _("Iraq")
    IR = "IR", _("Iran")
    JO = "JO", _("Jordan")
    KE = "KE", _("Kenya")
    LB = "LB", _("Lebanon")
    LK = "LK", _("Sri Lanka")
    MA = "MA", _("Morocco")
    NO = "NO", _("Norway")
    PK = "PK", _("Pakistan")
    PS = "PS", _("Palestine")
    RU = "RU", _("Russia")
    SD = "SD", _("Sudan")
    SO = "SO", _("Somalia")
    SY = "SY", _("Syria")
    TR = "TR", _("Turkey")
    VN = "VN", _("Vietnam")
    XK = "XK", _("Kosovo")
    YE = "YE", _("Yemen")
    ZZ = "ZZ", _("other or unknown country")


class Advisor(models.Model):
    """A diversity advisor at a school or adult education centre, or a special envoy at an
    embassy, linked to the user account they log in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casework_advisor",
        verbose_name=_("user account"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADVISOR)
    workplace = models.CharField(
        _("placement"), max_length=150, help_text=_("School, centre or embassy.")
    )
    workplace_kind = models.CharField(
        _("kind of placement"), max_length=20, choices=WorkplaceKind.choices
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    station = models.CharField(_("station"), max_length=12, choices=Station.choices, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "workplace"]
        # The caseload lists the active ones in this order, a page at a time.
        indexes = [
            models.Index(
                fields=["kind", "workplace", "id"],
                name="casework_advisor_order_idx",
                condition=models.Q(active=True),
            ),
            # Those who left or have no account: the coordinator's "cases without an owner".
            models.Index(
                fields=["kind", "workplace"],
                name="casework_advisor_gone_idx",
                condition=models.Q(active=False) | models.Q(user__isnull=True),
            ),
        ]
        verbose_name = _("advisor or envoy")
        verbose_name_plural = _("advisors and envoys")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="envoy") & ~models.Q(station=""))
                | (models.Q(kind="advisor") & models.Q(station="")),
                name="casework_advisor_station_for_envoys_only",
            )
        ]

    def __str__(self) -> str:
        name = self.user.get_full_name() if self.user_id else ""
        return f"{name or _('(no account)')}, {self.workplace}"

    @property
    def county(self) -> County | None:
        return self.municipality.county if self.municipality_id else None


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    # Indexed with the status (Meta.indexes): an owner's cases, and their open ones.
    owner = models.ForeignKey(
        Advisor,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("owner"),
        db_index=False,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # The county of the owner's placement when the case was opened, kept for statistics.
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    # Both indexed with the list's order (Meta.indexes).
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow up by"), null=True, blank=True)

    # The person: no more than the work needs.
    name_encrypted = models.TextField(_("name (encrypted)"), blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    country_of_origin = models.CharField(
        _("country of origin"), max_length=2, choices=Country.choices
    )
    exposure = models.CharField(_("at risk or exposed"), max_length=10, choices=Exposure.choices)
    contact_channel = models.CharField(
        _("how contact came"), max_length=12, choices=Channel.choices
    )
    summary = models.TextField(_("summary"), blank=True)

    # Envoys only.
    country_of_stay = models.CharField(
        _("country of stay"), max_length=2, choices=Country.choices, blank=True
    )
    returned_to_norway = models.BooleanField(_("returned to Norway"), default=False)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="casework_case_closed_after_opened",
            ),
        ]
        indexes = [
            # Statistics: a year's cases of one kind.
            models.Index(fields=["kind", "opened_on"]),
            # The coordinator's list in its order (newest first), whole or filtered by status
            # and kind: the page and its capped count read the index, not the table.
            models.Index(fields=["opened_on", "id"], name="casework_case_opened_idx"),
            models.Index(fields=["status", "opened_on", "id"], name="casework_case_status_idx"),
            models.Index(
                fields=["kind", "status", "opened_on", "id"], name="casework_case_kind_st_idx"
            ),
            # An owner's cases and the caseload's open and total counts per owner.
            models.Index(fields=["owner", "status"], name="casework_case_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def name(self) -> str:
        return crypto.decrypt(self.name_encrypted)

    @name.setter
    def name(self, value: str) -> None:
        self.name_encrypted = crypto.encrypt(value) if value else ""

    @property
    def theme_values(self) -> list[str]:
        return [t.theme for t in self.themes.all()]

    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in sorted(self.theme_values)]

    def follow_up_due(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and self.follow_up_on is not None
            and self.follow_up_on <= today
        )


class CaseTheme(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)

    class Meta:
        verbose_name = _("case theme")
        verbose_name_plural = _("case themes")
        constraints = [
            models.UniqueConstraint(fields=["case", "theme"], name="casework_theme_once_per_case")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class CaseService(models.Model):
    """A service the case is referred to or worked on with, and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("service in the case")
        verbose_name_plural = _("services in the case")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="casework_service_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.get_service_display()


class JournalEntry(models.Model):
    class EntryKind(models.TextChoices):
        ADVICE = "advice", _("advice given")
        ACTION = "action", _("action taken")
        CONTACT = "contact", _("contact")
        NOTE = "note", _("note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    date = models.DateField(_("date"))
    entry_kind = models.CharField(
        _("kind of entry"), max_length=10, choices=EntryKind.choices, default=EntryKind.ADVICE
    )
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"{self.case_id} {self.date}"


class CaseTransfer(models.Model):
    """A case moved from one owner to another by the coordinator, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_owner = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_owner = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_owner_id} -> {self.to_owner_id}"


class Outreach(models.Model):
    """Competence building and reach that is not about a case: no personal data."""

    class OutreachKind(models.TextChoices):
        SEMINAR = "seminar", _("seminar or course")
        TALK = "talk", _("talk")
        CAMPAIGN = "campaign", _("digital campaign")

    class Audience(models.TextChoices):
        PUPILS = "pupils", _("pupils and students")
        STAFF = "staff", _("school staff")
        PARENTS = "parents", _("parents")
        SERVICES = "services", _("public services")
        ORGANISATIONS = "organisations", _("organisations")
        PUBLIC = "public", _("young people online")

    advisor = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="outreach", verbose_name=_("by")
    )
    date = models.DateField(_("date"))
    outreach_kind = models.CharField(_("kind"), max_length=10, choices=OutreachKind.choices)
    audience = models.CharField(_("audience"), max_length=15, choices=Audience.choices)
    topic = models.CharField(_("topic"), max_length=200)
    reached = models.PositiveIntegerField(_("people reached"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"
