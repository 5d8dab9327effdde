"""One run of the annual equality statement export, and the files it produced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word")
    XLSX = "xlsx", _("Excel")


class ReportExport(models.Model):
    """A request for one year's statement in one or more formats.

    A worker claims a queued export with a conditional UPDATE (status and claim token in the
    WHERE clause), so a task delivered twice is run once; the files are written under names
    derived from the export's id and recorded only by the worker that still holds the claim.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"))
    formats = models.JSONField(_("formats"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    scheduled = models.BooleanField(_("scheduled"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=100, blank=True)
    # The token of the worker that holds the run; changes hands only by a conditional UPDATE.
    claim = models.CharField(_("claim"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self) -> str:
        return str(
            _("Equality statement %(year)s (no. %(id)s)") % {"year": self.year, "id": self.pk}
        )

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ExportFile(models.Model):
    export = models.ForeignKey(
        ReportExport, on_delete=models.CASCADE, related_name="files", verbose_name=_("export")
    )
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    name = models.CharField(_("file name in storage"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["export", "format"]
        verbose_name = _("export file")
        verbose_name_plural = _("export files")
        constraints = [
            models.UniqueConstraint(fields=["export", "format"], name="reports_one_file_per_format")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def download_name(self) -> str:
        return f"likestillingsredegjorelse-{self.export.year}.{self.format}"
