from django.contrib import admin

from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure


@admin.register(EmployeeRecord)
class EmployeeRecordAdmin(admin.ModelAdmin):
    list_display = ["year", "employee_id", "gender", "position_category", "fte_percent"]
    list_filter = ["year", "gender", "position_category", "temporary", "left_in_year"]
    search_fields = ["employee_id"]


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
