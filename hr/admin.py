from django.contrib import admin

from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure
from imdi import datacache


@admin.register(EmployeeRecord)
class EmployeeRecordAdmin(admin.ModelAdmin):
    list_display = ["year", "employee_id", "gender", "position_category", "fte_percent"]
    list_filter = ["year", "gender", "position_category", "temporary", "left_in_year"]
    search_fields = ["employee_id"]

    # Deletes send no signal the HR figures' cache listens to (see hr.apps): raise its
    # version here.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        datacache.bump("hr")

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        datacache.bump("hr")


@admin.register(ImmigrantBackground)
class ImmigrantBackgroundAdmin(admin.ModelAdmin):
    list_display = ["year", "total_employees", "group1", "group2", "goal_pct"]
    list_filter = ["year"]
    search_fields = ["year"]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(EqualityWork)
class EqualityWorkAdmin(admin.ModelAdmin):
    list_display = ["year", "updated_at", "updated_by"]
    list_filter = ["year"]
    search_fields = ["risks", "causes", "measures_summary", "evaluation"]
    inlines = [MeasureInline]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "deadline", "status", "work"]
    list_filter = ["status", "work__year"]
    search_fields = ["description", "owner"]
