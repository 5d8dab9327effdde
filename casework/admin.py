"""Only the placements are in the admin. Cases, people, services, journals and transfers are
deliberately not registered: nobody browses the register, administrators included."""

from django.contrib import admin

from casework.models import Advisor


@admin.register(Advisor)
class AdvisorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "workplace_kind", "municipality", "station", "active"]
    list_filter = ["kind", "workplace_kind", "station", "active", "municipality__county"]
    search_fields = [
        "workplace",
        "user__username",
        "user__first_name",
        "user__last_name",
        "municipality__name",
    ]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "municipality"]
