"""Reads for the reports pages. One rule decides who sees exports: the report roles.

The statement holds aggregates only, so every user with a report role sees every export
(the list, a single export, its files and its progress) and no one else sees any.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from imdi.reports.models import ExportFile, ReportExport
from imdi.roles import REPORT_ROLES, has_role


def may_use_reports(user) -> bool:
    return has_role(user, *REPORT_ROLES)


def exports_for(user) -> QuerySet[ReportExport]:
    if not may_use_reports(user):
        return ReportExport.objects.none()
    return ReportExport.objects.select_related("requested_by").prefetch_related("files")


def export_for(user, pk: int) -> ReportExport:
    return get_object_or_404(exports_for(user), pk=pk)


def export_file_for(user, pk: int, fmt: str) -> ExportFile:
    export = export_for(user, pk)
    return get_object_or_404(ExportFile.objects.select_related("export"), export=export, format=fmt)


def export_statuses(user, ids: list[int]) -> list[dict]:
    """Progress of the given exports, for the page that polls it."""
    from django.urls import reverse

    result = []
    for export in exports_for(user).filter(pk__in=ids[:100]):
        result.append(
            {
                "id": export.pk,
                "status": export.status,
                "status_label": str(export.get_status_display()),
                "progress": export.progress,
                "step": export.step,
                "error": export.error if export.status == ReportExport.Status.FAILED else "",
                "files": [
                    {
                        "format": f.format,
                        "label": _("Download %(format)s (%(year)s)")
                        % {"format": f.get_format_display(), "year": export.year},
                        "url": reverse("reports:download", args=[export.pk, f.format]),
                        "size": f.size,
                        "sha256": f.sha256,
                    }
                    for f in export.files.all()
                ],
            }
        )
    return result
