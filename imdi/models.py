import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (fylke) as Statistics Norway numbers it, valid from 1 January 2024."""

    number = models.CharField(_("number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kommune); the first two digits of its number are the county's."""

    number = models.CharField(_("number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One entry in the append-only audit trail: who, when, from where, which record, what.

    It never holds the content of the record. On PostgreSQL a trigger refuses UPDATE and
    DELETE as well (migration 0003).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("listed")
        SEARCH = "search", _("searched")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        TRANSFER = "transfer", _("transferred")
        EXPORT = "export", _("exported")
        DOWNLOAD = "download", _("downloaded")
        IMPORT = "import", _("imported")
        TRANSITION = "transition", _("changed status")
        LOGIN = "login", _("logged in")
        LOGOUT = "logout", _("logged out")
        LOGIN_FAILED = "login_failed", _("failed login")
        ACCESS_REFUSED = "access_refused", _("access refused")
        OTP_VERIFIED = "otp_verified", _("two-factor verified")
        OTP_FAILED = "otp_failed", _("two-factor failed")
        RETENTION = "retention", _("anonymised by retention")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept apart from the foreign key so a failed login can name the username it tried.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    # Short, non-sensitive facts (a status name, a count). Never free text from a record.
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


def _new_token() -> str:
    return secrets.token_hex(8)


class DataVersion(models.Model):
    """A counter per body of data (``"hr"``, ``"casework"``, ...), raised after every write.

    ``imdi.datacache`` keys computed figures on it, so a cached figure is never read after the
    data behind it changed. The token changes when the row is created afresh (an emptied
    database), so figures cached for an earlier database are not read either.
    """

    name = models.CharField(max_length=50, unique=True)
    token = models.CharField(max_length=16, default=_new_token)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.token}.{self.number}"
