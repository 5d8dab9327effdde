from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from imdi.models import AuditEvent, County, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]
    list_filter = ["number"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    search_fields = ["number", "name"]
    list_filter = ["county"]
    list_select_related = ["county"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only, for everyone."""

    list_display = ["at", "username", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_type", "object_id", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    show_full_result_count = False

    @admin.display(description=_("record"))
    def record(self, obj):
        return f"{obj.object_type} {obj.object_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Third-party models shown in the admin get search and filters too: data editors expect
# the same tools on every list.
from django.contrib.auth.admin import GroupAdmin  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django_celery_beat import admin as beat_admin  # noqa: E402
from django_celery_beat.models import (  # noqa: E402
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
)

admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    list_filter = ["permissions__content_type__app_label"]


for model, base, search, filters in [
    (ClockedSchedule, beat_admin.ClockedScheduleAdmin, ["clocked_time"], ["clocked_time"]),
    (
        CrontabSchedule,
        beat_admin.CrontabScheduleAdmin,
        ["minute", "hour", "day_of_month", "month_of_year"],
        ["timezone"],
    ),
    (SolarSchedule, admin.ModelAdmin, ["event"], ["event"]),
    (IntervalSchedule, admin.ModelAdmin, ["period"], ["period"]),
]:
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            f"Imdi{model.__name__}Admin", (base,), {"search_fields": search, "list_filter": filters}
        ),
    )
