import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from imdi.reports.models import ReportExport


class YearColumn(tables.Column):
    def render(self, value):
        return str(value)  # 2023, not "2 023"


class ExportTable(tables.Table):
    year = YearColumn(verbose_name=_("Year"))
    requested = tables.TemplateColumn(
        template_name="reports/cells/requested.html",
        verbose_name=_("Requested"),
        accessor="requested_at",
        orderable=False,
    )
    status = tables.TemplateColumn(
        template_name="reports/cells/status.html", verbose_name=_("Status"), orderable=False
    )
    files = tables.TemplateColumn(
        template_name="reports/cells/files.html",
        verbose_name=_("Files"),
        accessor="pk",
        orderable=False,
    )

    class Meta:
        model = ReportExport
        fields = ("year", "requested", "status", "files")
        orderable = False
        attrs = {"class": "table table-sm align-middle", "id": "report-exports"}
        row_attrs = {
            "data-export-id": lambda record: record.pk,
            "data-active": lambda record: "1" if record.is_active else "0",
        }
        empty_text = _("No statement has been produced yet.")
