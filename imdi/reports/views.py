"""The reports pages: ask for a year's statement, follow it, download, retry, preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from imdi import audit
from imdi.reports import selectors, services
from imdi.reports.document import build_document
from imdi.reports.forms import ExportRequestForm
from imdi.reports.models import ReportFormat
from imdi.reports.renderers import CONTENT_TYPES
from imdi.reports.renderers.html import document_context
from imdi.reports.tables import ExportTable
from imdi.roles import REPORT_ROLES, role_required


def _list_context(request, form):
    exports = selectors.exports_for(request.user)
    table = ExportTable(exports)
    RequestConfig(request, paginate={"per_page": 20}).configure(table)
    latest = timezone.localdate().year
    return {
        "form": form,
        "table": table,
        "preview_year": latest - 1,
        "preview_years": range(latest, services.FIRST_YEAR - 1, -1),
    }


@require_GET
@role_required(*REPORT_ROLES)
def export_list(request):
    audit.record(request, audit.Action.LIST, object_type="reports.reportexport")
    return render(request, "reports/list.html", _list_context(request, ExportRequestForm()))


@require_POST
@role_required(*REPORT_ROLES)
def export_create(request):
    form = ExportRequestForm(request.POST)
    if form.is_valid():
        try:
            export = services.export_request(
                year=form.cleaned_data["year"],
                formats=form.cleaned_data["formats"],
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The statement for %(year)s is queued. This page shows its progress.")
                % {"year": export.year},
            )
            return redirect("reports:list")
    return render(request, "reports/list.html", _list_context(request, form), status=400)


@require_POST
@role_required(*REPORT_ROLES)
def export_retry(request, pk: int):
    export = selectors.export_for(request.user, pk)
    try:
        services.export_retry(export=export, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The export is queued again."))
    return redirect("reports:list")


@require_GET
@role_required(*REPORT_ROLES)
def export_status(request):
    """JSON progress of the exports on the page (``?ids=1,2,3``), polled by reports.js."""
    try:
        ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip()]
    except ValueError:
        return JsonResponse({"error": "ids"}, status=400)
    return JsonResponse({"exports": selectors.export_statuses(request.user, ids)})


@require_GET
@role_required(*REPORT_ROLES)
def export_download(request, pk: int, fmt: str):
    if fmt not in ReportFormat.values:
        raise Http404
    export_file = selectors.export_file_for(request.user, pk, fmt)
    storage = storages["private"]
    if not storage.exists(export_file.name):
        raise Http404
    audit.record(request, audit.Action.DOWNLOAD, export_file.export, detail=f"format={fmt}")
    response = FileResponse(
        storage.open(export_file.name, "rb"),
        as_attachment=True,
        filename=export_file.download_name,
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-SHA256"] = export_file.sha256
    return response


@require_GET
@role_required(*REPORT_ROLES)
def preview_pick(request):
    """The year chosen in the list page's small form, as the preview's address."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return redirect("reports:list")
    return redirect("reports:preview", year=year)


@require_GET
@role_required(*REPORT_ROLES)
def preview(request, year: int):
    """The statement as it would be produced now, in the page (the PDF's template)."""
    if not services.FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    document = build_document(year)
    audit.record(request, audit.Action.VIEW, object_type="reports.preview", object_id=year)
    return render(request, "reports/preview.html", document_context(document))
