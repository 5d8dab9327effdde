from django.contrib import admin

from grants import models


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


class AllocationInline(admin.TabularInline):
    model = models.MunicipalAllocation
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(models.Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "four_eyes", "external_board_rule", "payment_mode"]
    list_filter = ["four_eyes", "external_board_rule", "payment_mode", "has_participants"]
    search_fields = ["name", "code"]
    inlines = [CriterionInline]


@admin.register(models.Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "weight"]
    list_filter = ["scheme"]
    search_fields = ["name"]


@admin.register(models.SchemeBudget)
class SchemeBudgetAdmin(admin.ModelAdmin):
    list_display = ["scheme", "year", "amount"]
    list_filter = ["scheme", "year"]
    search_fields = ["scheme__name"]
    inlines = [AllocationInline]


@admin.register(models.MunicipalAllocation)
class MunicipalAllocationAdmin(admin.ModelAdmin):
    list_display = ["budget", "municipality", "amount"]
    list_filter = ["budget__year", "budget__scheme"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "scheme", "year", "opens_on", "deadline"]
    list_filter = ["scheme", "year"]
    search_fields = ["title"]


class ContactInline(admin.TabularInline):
    model = models.ContactPerson
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "type", "municipality"]
    list_filter = ["type", "membership_based", "municipality__county"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["municipality"]
    inlines = [ContactInline]


@admin.register(models.ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "role"]
    list_filter = ["organisation__type"]
    search_fields = ["name", "organisation__name"]


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "scheme", "year", "status", "amount_applied"]
    list_filter = ["scheme", "year", "status"]
    search_fields = ["title", "organisation__name", "organisation__orgnr", "external_ref"]
    raw_id_fields = ["organisation", "officer", "call"]
    inlines = [BudgetLineInline]
    # The status moves only through the case flow (grants.workflow), never by hand.
    readonly_fields = ["status"]


@admin.register(models.BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["description", "application", "kind", "amount"]
    list_filter = ["kind"]
    search_fields = ["description"]
    raw_id_fields = ["application"]


@admin.register(models.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "application", "uploaded_at"]
    list_filter = ["uploaded_at"]
    search_fields = ["name"]
    raw_id_fields = ["application"]


@admin.register(models.HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["application", "at", "user", "kind", "from_status", "to_status"]
    list_filter = ["kind"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ImpartialityDeclaration)
class ImpartialityDeclarationAdmin(admin.ModelAdmin):
    list_display = ["application", "officer", "conflict", "declared_at"]
    list_filter = ["conflict"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]


class CriterionScoreInline(admin.TabularInline):
    model = models.CriterionScore
    extra = 0


@admin.register(models.CriterionScore)
class CriterionScoreAdmin(admin.ModelAdmin):
    list_display = ["assessment", "criterion", "score"]
    list_filter = ["criterion__scheme", "score"]
    search_fields = ["assessment__application__title", "criterion__name"]
    raw_id_fields = ["assessment"]


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    inlines = [CriterionScoreInline]
    list_display = ["application", "officer", "recommendation", "proposed_amount"]
    list_filter = ["recommendation"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["application", "outcome", "amount", "decided_on", "is_current"]
    list_filter = ["outcome", "is_current", "decided_on"]
    search_fields = ["application__title", "application__organisation__name"]
    raw_id_fields = ["application"]


@admin.register(models.Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["application", "received_on", "within_deadline"]
    list_filter = ["within_deadline"]
    search_fields = ["application__title"]
    raw_id_fields = ["application", "decision"]


@admin.register(models.Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["application", "amount", "due_on", "paid_on"]
    list_filter = ["due_on", "paid_on"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]


@admin.register(models.GrantReport)
class GrantReportAdmin(admin.ModelAdmin):
    list_display = ["application", "received_on", "amount_spent"]
    list_filter = ["received_on"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]


@admin.register(models.RepaymentClaim)
class RepaymentClaimAdmin(admin.ModelAdmin):
    list_display = ["application", "amount", "claimed_on", "repaid_on"]
    list_filter = ["claimed_on", "repaid_on"]
    search_fields = ["application__title"]
    raw_id_fields = ["application"]


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "application", "birth_year", "start_date", "end_date", "outcome"]
    list_filter = ["outcome", "end_date"]
    search_fields = ["pseudonym"]
    raw_id_fields = ["application"]
