from django.contrib import admin

from imdi.reports.models import ExportFile, ReportExport


class ExportFileInline(admin.TabularInline):
    model = ExportFile
    extra = 0
    can_delete = False
    readonly_fields = ("format", "name", "size", "sha256", "created_at")

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The files are part of the export: whoever may see the export sees its files.
        return request.user.has_perm("reports.view_reportexport")


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    list_display = ("id", "year", "status", "progress", "requested_by", "requested_at", "attempts")
    list_filter = ("status", "year", "scheduled")
    search_fields = ("year", "requested_by__username", "error")
    date_hierarchy = "requested_at"
    inlines = [ExportFileInline]
    # Runs are changed by the workers and the reports page, never by hand.
    readonly_fields = (
        "year",
        "formats",
        "requested_by",
        "requested_at",
        "scheduled",
        "status",
        "progress",
        "step",
        "claim",
        "attempts",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "error",
    )

    def has_add_permission(self, request):
        return False


@admin.register(ExportFile)
class ExportFileAdmin(admin.ModelAdmin):
    list_display = ("name", "export", "format", "size", "sha256", "created_at")
    list_filter = ("format",)
    search_fields = ("name", "sha256")
    readonly_fields = ("export", "format", "name", "size", "sha256", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
