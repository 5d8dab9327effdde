"""Thin views: the access check first, then a selector or a service, then a redirect.

Every application page and action goes through :func:`grants.selectors.application_get`, the
same rule as the list, so an id from outside the user's scope is a 404.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from grants import forms, report, selectors, services, workflow
from grants.filters import ApplicationFilter, OrganisationFilter, ParticipantFilter
from grants.imports import ImportFailed
from grants.models import Attachment, Decision, Payment, RepaymentClaim, Status
from grants.tables import ApplicationTable, OrganisationTable, ParticipantTable
from grants.workflow import TransitionRefused
from imdi import audit, formatting
from imdi.paging import paginate
from imdi.roles import GRANT_ROLES, Role, has_role, role_required

officer_only = role_required(Role.GRANT_OFFICER)
grant_roles = role_required(*GRANT_ROLES)


def _errors(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc))


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _run(request, application, call: Callable, success: str):
    try:
        call()
    except (ValidationError, TransitionRefused) as exc:
        _errors(request, exc)
    else:
        messages.success(request, success)
    return redirect(application)


# --- Work list and application list ----------------------------------------------------------


@grant_roles
def worklist(request):
    data = selectors.worklist(request.user)
    audit.record(request, audit.Action.LIST, object_type="grants.worklist")
    return render(request, "grants/worklist.html", {"w": data, "today": timezone.localdate()})


def _export_header() -> list[str]:
    return [
        _("Reference"),
        _("Project"),
        _("Organisation"),
        _("Organisation number"),
        _("Organisation type"),
        _("Municipality"),
        _("County"),
        _("Scheme"),
        _("Year"),
        _("Status"),
        _("Applied for"),
        _("Granted"),
        _("Officer"),
    ]


def _export_rows(queryset):
    for a in queryset:
        yield [
            a.reference,
            a.title,
            a.organisation.name,
            a.organisation.orgnr,
            a.organisation.get_type_display(),
            a.organisation.municipality.name,
            a.organisation.municipality.county.name,
            a.scheme.name,
            a.year,
            a.get_status_display(),
            a.amount_applied,
            a.granted_amount if a.granted_amount is not None else "",
            (a.officer.get_full_name() or a.officer.username) if a.officer else "",
        ]


def _export(request, queryset, kind: str) -> HttpResponse:
    queryset = list(queryset)
    audit.record_many(
        request,
        audit.Action.EXPORT,
        "grants.application",
        [a.pk for a in queryset],
        detail=kind,
    )
    stamp = timezone.localdate().isoformat()
    if kind == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("Applications"))[:31]
        sheet.append(_export_header())
        for row in _export_rows(queryset):
            sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="soknader-{stamp}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_export_header())
    for row in _export_rows(queryset):
        writer.writerow(
            [f"{v:.2f}".replace(".", ",") if hasattr(v, "as_tuple") else v for v in row]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="soknader-{stamp}.csv"'
    return response


@grant_roles
def application_list(request):
    queryset = selectors.applications_with_granted_amount(selectors.applications_for(request.user))
    filterset = ApplicationFilter(request.GET or None, queryset=queryset)
    if not filterset.is_bound:
        filtered = queryset
    elif filterset.is_valid():
        filtered = filterset.qs
    else:
        # A filter the form cannot read shows nothing (and exports nothing), never everything.
        filtered = queryset.none()
    table = ApplicationTable(filtered)
    table.caption = _("Applications")
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        # The export follows the list as the user sees it: same filters, same order.
        RequestConfig(request, paginate=False).configure(table)
        return _export(request, table.data.data, export)
    paginate(request, table, per_page=25)
    audit.record(
        request,
        audit.Action.SEARCH if request.GET else audit.Action.LIST,
        object_type="grants.application",
        detail=f"page {table.page.number}" if table.page else "",
    )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return render(
        request,
        "grants/application_list.html",
        {
            "filter": filterset,
            "table": table,
            "params": params.urlencode(),
        },
    )


@officer_only
def application_create(request):
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submitted = data.pop("submitted", True)
        try:
            application = services.application_create(
                user=request.user, request=request, submitted=submitted, **data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The application is registered."))
            return redirect(application)
    return render(request, "grants/form.html", {"form": form, "title": _("Register application")})


@officer_only
def application_edit(request, pk):
    application = selectors.application_get(request.user, pk)
    form = forms.ApplicationForm(request.POST or None, instance=application, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("organisation", "scheme")}
        try:
            services.application_update(
                user=request.user, request=request, application_id=application.pk, **fields
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The application is saved."))
            return redirect(application)
    return render(
        request,
        "grants/form.html",
        {
            "form": form,
            "title": _("Change application %(ref)s") % {"ref": application.reference},
            "back": application,
        },
    )


@grant_roles
def application_detail(request, pk):
    application = selectors.application_for_detail(request.user, pk)
    audit.record(request, audit.Action.VIEW, application)
    user = request.user
    decision = application.current_decision
    assessment = getattr(application, "assessment", None)
    actions = workflow.available(application, user)
    budget_lines = list(application.budget_lines.all())
    costs = sum((b.amount for b in budget_lines if b.kind == "cost"), 0)
    funding = sum((b.amount for b in budget_lines if b.kind == "funding"), 0)
    payments = list(application.payments.all())
    declarations = list(application.declarations.all())
    status = application.status
    is_officer = has_officer = has_role(user, Role.GRANT_OFFICER)
    declared = next((d for d in declarations if d.officer_id == user.pk), None)
    participants = None
    if application.scheme.has_participants:
        from django.db.models import Count, Q

        from grants.models import Participant

        participants = application.participants.aggregate(
            total=Count("id"),
            left=Count("id", filter=Q(end_date__isnull=False)),
            success=Count("id", filter=Q(outcome__in=Participant.SUCCESS)),
        )
    can_assign = status not in (Status.CLOSED, Status.WITHDRAWN)
    context = {
        "application": application,
        "decision": decision,
        "decisions": list(application.decisions.all()),
        "assessment": assessment,
        "scores": list(assessment.scores.all()) if assessment else [],
        "actions": [(t, reason) for t, reason in actions if not t.via_form],
        "form_actions": {t.name: reason for t, reason in actions if t.via_form},
        "history": application.history.select_related("user")[:100],
        "budget_lines": budget_lines,
        "costs": costs,
        "funding": funding,
        "net_cost": costs - funding,
        "payments": payments,
        "paid": sum((p.amount for p in payments if p.paid_on), 0),
        "planned": sum((p.amount for p in payments), 0),
        "attachments": list(application.attachments.all()),
        "appeals": list(application.appeals.all()),
        "claims": list(application.repayment_claims.all()),
        "report": getattr(application, "grant_report", None),
        "declarations": declarations,
        "my_declaration": declared,
        "participants": participants if participants and participants["total"] else None,
        "is_officer": is_officer,
        "can_declare": declared is None
        and (
            (
                has_officer
                and status in (Status.SUBMITTED, Status.IN_ASSESSMENT, Status.APPEALED)
                and application.officer_id in (None, user.pk)
            )
            or (status == Status.READY_FOR_DECISION and has_role(user, Role.GRANT_APPROVER))
        ),
        "can_assess": has_officer
        and status == Status.IN_ASSESSMENT
        and application.officer_id == user.pk
        and declared is not None
        and not declared.conflict,
        "can_edit": has_officer and status in services.EDITABLE,
        "can_plan_payment": has_officer
        and status in (Status.TO_BE_PAID, Status.AWAITING_REPORT, Status.REPORT_DELIVERED),
        "can_assign": can_assign,
        "comment_form": forms.CommentForm(),
        "attachment_form": forms.AttachmentForm(),
        "impartiality_form": forms.ImpartialityForm(),
        "assign_form": forms.AssignForm() if can_assign else None,
        "budget_line_form": forms.BudgetLineForm(),
        "payment_form": forms.PaymentForm(),
        "paid_form": forms.PaidForm(initial={"paid_on": timezone.localdate()}),
        "repaid_form": forms.RepaidForm(initial={"repaid_on": timezone.localdate()}),
        "appeal_form": forms.AppealForm(),
        "report_form": forms.GrantReportForm(),
        "repayment_form": forms.RepaymentForm(),
        "weighted_score": assessment.weighted_score if assessment else None,
    }
    return render(request, "grants/application_detail.html", context)


@require_POST
@grant_roles
def application_transition(request, pk):
    application = selectors.application_get(request.user, pk)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _run(
        request,
        application,
        lambda: services.application_transition(
            user=request.user,
            request=request,
            application_id=application.pk,
            name=form.cleaned_data["name"],
            comment=form.cleaned_data["comment"],
        ),
        _("The status is changed."),
    )


def _form_action(request, pk, form_class, call, success):
    application = selectors.application_get(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(application)
    return _run(request, application, lambda: call(application, form.cleaned_data), success)


@require_POST
@grant_roles
def comment_add(request, pk):
    return _form_action(
        request,
        pk,
        forms.CommentForm,
        lambda a, d: services.comment_add(
            user=request.user, request=request, application_id=a.pk, text=d["text"]
        ),
        _("The comment is added."),
    )


@require_POST
@officer_only
def attachment_upload(request, pk):
    return _form_action(
        request,
        pk,
        forms.AttachmentForm,
        lambda a, d: services.attachment_add(
            user=request.user, request=request, application_id=a.pk, uploaded=d["file"]
        ),
        _("The attachment is uploaded."),
    )


@grant_roles
def attachment_download(request, pk, attachment_pk):
    application = selectors.application_get(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    audit.record(request, audit.Action.DOWNLOAD, attachment)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@officer_only
def budget_line_add(request, pk):
    return _form_action(
        request,
        pk,
        forms.BudgetLineForm,
        lambda a, d: services.budget_line_create(
            user=request.user, request=request, application_id=a.pk, **d
        ),
        _("The budget line is added."),
    )


@require_POST
@grant_roles
def impartiality_declare(request, pk):
    return _form_action(
        request,
        pk,
        forms.ImpartialityForm,
        lambda a, d: services.impartiality_declare(
            user=request.user,
            request=request,
            application_id=a.pk,
            conflict=d["declaration"] == "conflict",
            reason=d.get("reason", ""),
        ),
        _("Your declaration is registered."),
    )


@require_POST
@grant_roles
def application_assign(request, pk):
    return _form_action(
        request,
        pk,
        forms.AssignForm,
        lambda a, d: services.application_assign(
            user=request.user, request=request, application_id=a.pk, officer=d["officer"]
        ),
        _("The case is assigned."),
    )


@officer_only
def assessment_edit(request, pk):
    application = selectors.application_get(request.user, pk)
    form = forms.AssessmentForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                user=request.user,
                request=request,
                application_id=application.pk,
                recommendation=form.cleaned_data["recommendation"],
                proposed_amount=form.cleaned_data["proposed_amount"],
                summary=form.cleaned_data["summary"],
                scores=form.scores(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect(application)
    return render(
        request,
        "grants/form.html",
        {
            "form": form,
            "title": _("Assess application %(ref)s") % {"ref": application.reference},
            "back": application,
            "application": application,
        },
    )


@grant_roles
def decision_create(request, pk):
    application = selectors.application_get(request.user, pk)
    refusal = workflow.refusal(workflow.get("decide"), application, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect(application)
    assessment = getattr(application, "assessment", None)
    initial = {}
    if assessment is not None:
        initial = {
            "outcome": {
                "grant": Decision.Outcome.GRANTED,
                "partly": Decision.Outcome.PARTLY_GRANTED,
                "reject": Decision.Outcome.REJECTED,
            }[assessment.recommendation],
            "amount": assessment.proposed_amount or None,
        }
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_create(
                user=request.user,
                request=request,
                application_id=application.pk,
                outcome=form.cleaned_data["outcome"],
                amount=form.cleaned_data["amount"],
                reasons=form.cleaned_data["reasons"],
                conditions=form.cleaned_data["conditions"],
                report_deadline=form.cleaned_data["report_deadline"],
            )
        except (ValidationError, TransitionRefused) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, message)
        else:
            messages.success(request, _("The decision is made. The decision letter is produced."))
            return redirect(application)
    budget = application.scheme.budgets.filter(year=application.year).first()
    granted = services.granted_sum(application.scheme_id, application.year)
    return render(
        request,
        "grants/decision_form.html",
        {
            "form": form,
            "application": application,
            "assessment": assessment,
            "budget": budget,
            "granted": granted,
            "available": budget.directorate_share if budget else None,
            "left": (budget.directorate_share - granted) if budget else None,
        },
    )


@grant_roles
def decision_letter(request, pk, decision_pk):
    application = selectors.application_get(request.user, pk)
    decision = get_object_or_404(Decision, pk=decision_pk, application=application)
    if not decision.letter:
        raise Http404
    audit.record(request, audit.Action.DOWNLOAD, decision, detail="letter")
    return FileResponse(
        decision.letter.open("rb"),
        as_attachment=True,
        filename=f"vedtak-{application.reference}.pdf",
        content_type="application/pdf",
    )


@require_POST
@grant_roles
def decision_letter_generate(request, pk, decision_pk):
    application = selectors.application_get(request.user, pk)
    decision = get_object_or_404(Decision, pk=decision_pk, application=application)
    services.decision_letter_render(decision_id=decision.pk, user=request.user)
    messages.success(request, _("The decision letter is produced."))
    return redirect(application)


@require_POST
@officer_only
def appeal_create(request, pk):
    return _form_action(
        request,
        pk,
        forms.AppealForm,
        lambda a, d: services.appeal_register(
            user=request.user, request=request, application_id=a.pk, **d
        ),
        _("The appeal is registered."),
    )


@require_POST
@officer_only
def payment_create(request, pk):
    return _form_action(
        request,
        pk,
        forms.PaymentForm,
        lambda a, d: services.payment_plan_add(
            user=request.user, request=request, application_id=a.pk, **d
        ),
        _("The instalment is added."),
    )


def _mark_done(request, pk, model, record_pk, form_class, call, success):
    """Register the date a planned payment was paid or a claimed repayment came back."""
    application = selectors.application_get(request.user, pk)
    record = get_object_or_404(model, pk=record_pk, application=application)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(application)
    return _run(request, application, lambda: call(record, form.cleaned_data), success)


@require_POST
@officer_only
def payment_paid(request, pk, payment_pk):
    return _mark_done(
        request,
        pk,
        Payment,
        payment_pk,
        forms.PaidForm,
        lambda payment, d: services.payment_register(
            user=request.user, request=request, payment_id=payment.pk, **d
        ),
        _("The payment is registered."),
    )


@require_POST
@officer_only
def report_create(request, pk):
    return _form_action(
        request,
        pk,
        forms.GrantReportForm,
        lambda a, d: services.grant_report_register(
            user=request.user, request=request, application_id=a.pk, **d
        ),
        _("The grantee report is registered."),
    )


@require_POST
@officer_only
def repayment_create(request, pk):
    return _form_action(
        request,
        pk,
        forms.RepaymentForm,
        lambda a, d: services.repayment_claim_create(
            user=request.user, request=request, application_id=a.pk, **d
        ),
        _("The repayment is claimed."),
    )


@require_POST
@officer_only
def repayment_repaid(request, pk, claim_pk):
    return _mark_done(
        request,
        pk,
        RepaymentClaim,
        claim_pk,
        forms.RepaidForm,
        lambda claim, d: services.repayment_register(
            user=request.user, request=request, claim_id=claim.pk, **d
        ),
        _("The repayment is registered."),
    )


def _import_view(request, *, service, title, columns, back):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            created = service(
                user=request.user, request=request, uploaded=form.cleaned_data["file"]
            )
        except ImportFailed as exc:
            problems = exc.problems
            messages.error(
                request,
                _("Nothing was imported: the file has %(n)s problems.") % {"n": len(problems)},
            )
        else:
            messages.success(request, _("%(n)s rows imported.") % {"n": len(created)})
            return redirect(back)
    return render(
        request,
        "grants/import.html",
        {"form": form, "problems": problems, "title": title, "columns": columns},
    )


@officer_only
def application_import(request):
    from grants.imports import APPLICATION_COLUMNS

    return _import_view(
        request,
        service=services.applications_import,
        title=_("Import applications from the application portal"),
        columns=APPLICATION_COLUMNS,
        back="grants:application_list",
    )


# --- Organisations --------------------------------------------------------------------------


@grant_roles
def organisation_list(request):
    queryset = selectors.organisations_for(request.user)
    filterset = OrganisationFilter(request.GET or None, queryset=queryset)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    table = OrganisationTable(filtered)
    table.caption = _("Organisations")
    paginate(request, table, per_page=25)
    audit.record(request, audit.Action.LIST, object_type="grants.organisation")
    return render(request, "grants/organisation_list.html", {"filter": filterset, "table": table})


@grant_roles
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    audit.record(request, audit.Action.VIEW, organisation)
    applications = selectors.applications_for(request.user).filter(organisation=organisation)
    return render(
        request,
        "grants/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": list(organisation.contacts.all()),
            "applications": list(applications),
            "contact_form": forms.ContactPersonForm(),
        },
    )


@officer_only
def organisation_edit(request, pk=None):
    organisation = None
    if pk is not None:
        organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.organisation_save(
            user=request.user, request=request, organisation=form.save(commit=False)
        )
        messages.success(request, _("The organisation is saved."))
        return redirect(saved)
    title = _("Change organisation") if organisation else _("Register organisation")
    return render(request, "grants/form.html", {"form": form, "title": title, "back": organisation})


@require_POST
@officer_only
def contact_add(request, pk):
    organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    form = forms.ContactPersonForm(request.POST)
    if form.is_valid():
        services.contact_person_create(
            user=request.user, request=request, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, _("The contact person is added."))
    else:
        _form_errors(request, form)
    return redirect(organisation)


# --- Jobbsjansen participants ----------------------------------------------------------------


@officer_only
def participant_list(request):
    queryset = selectors.participants_for(request.user)
    filterset = ParticipantFilter(request.GET or None, queryset=queryset)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    table = ParticipantTable(filtered)
    table.caption = _("Jobbsjansen participants")
    paginate(request, table, per_page=50)
    audit.record(request, audit.Action.LIST, object_type="grants.participant")
    return render(request, "grants/participant_list.html", {"filter": filterset, "table": table})


@officer_only
def participant_create(request):
    projects = selectors.jobbsjansen_projects_for(request.user)
    form = forms.ParticipantForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_save(
                user=request.user, request=request, participant=form.save(commit=False)
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The participant is registered."))
            return redirect("grants:participant_list")
    return render(
        request,
        "grants/form.html",
        {"form": form, "title": _("Register Jobbsjansen participant")},
    )


@officer_only
def participant_import(request):
    from grants.imports import PARTICIPANT_COLUMNS

    return _import_view(
        request,
        service=services.participants_import,
        title=_("Import Jobbsjansen participants"),
        columns=PARTICIPANT_COLUMNS,
        back="grants:participant_list",
    )


# --- Statistics -------------------------------------------------------------------------------


def _int_param(request, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name) or default)
    except ValueError:
        return default


MAX_KPI_SPAN = 20
FIRST_YEAR, LAST_YEAR = 1900, 2999


@role_required(*selectors.STATISTICS_ROLES)
def statistics(request):
    from imdi.charts import bar_chart

    all_years = selectors.years()
    years = all_years.statistics
    year = _int_param(request, "year", years[0])
    if not FIRST_YEAR <= year <= LAST_YEAR:  # a year no date can hold is no budget year
        year = years[0]
    # The year's figures: a few GROUP BY queries, kept until grant data changes.
    data = selectors.statistics_data(year)
    schemes = data.schemes
    scheme_id = request.GET.get("scheme")
    scheme = next((s for s in schemes if str(s.pk) == scheme_id), None)
    rows = selectors.scheme_statistics(year, data)
    # The KPI over a span of years the user picks; by default the five years up to the year.
    kpi_first = _int_param(request, "kpi_from", year - report.KPI_SPAN + 1)
    kpi_last = _int_param(request, "kpi_to", year)
    if not (
        0 <= kpi_last - kpi_first < MAX_KPI_SPAN
        and kpi_first >= FIRST_YEAR
        and kpi_last <= LAST_YEAR
    ):
        messages.error(
            request,
            _("The span of years must run forwards and cover at most %(n)s years.")
            % {"n": MAX_KPI_SPAN},
        )
        kpi_first, kpi_last = year - report.KPI_SPAN + 1, year
    kpi_years = selectors.jobbsjansen_kpis(kpi_first, kpi_last, data)
    kpi = (
        next((k for k in kpi_years if k.year == year), None)
        or selectors.jobbsjansen_kpis(year, year, data)[0]
    )
    average = selectors.jobbsjansen_kpi_average(kpi_first, kpi_last, kpi_years)
    counted = [k.year for k in kpi_years if k.share_pct is not None]
    chart = bar_chart(
        [r.scheme.name for r in rows],
        {
            _("Budget"): [float(r.budget) / 1e6 if r.budget is not None else None for r in rows],
            _("Granted"): [float(r.amount_granted) / 1e6 for r in rows],
        },
        title=_("Budget and amount granted per scheme, %(year)s") % {"year": year},
        ylabel=_("million kr"),
        horizontal=True,
        description=_("The table beside the chart gives the figures."),
    )
    kpi_chart = bar_chart(
        [str(k.year) for k in kpi_years],
        {
            _("Share to work or education"): [
                float(k.share_pct) if k.share_pct is not None else None for k in kpi_years
            ]
        },
        title=_("Jobbsjansen: share to work or education"),
        percent=True,
        reference=75,
        reference_label=_("Average 2018–2022: 75 %"),
        description=_("The table beside the chart gives the figures."),
    )
    audit.record(request, audit.Action.VIEW, object_type="grants.statistics", object_id=year)
    return render(
        request,
        "grants/statistics.html",
        {
            "year": year,
            "years": years,
            "schemes": schemes,
            "scheme": scheme,
            "rows": rows,
            "by_county": selectors.statistics_by_county(year, scheme.pk if scheme else None, data),
            "by_type": selectors.statistics_by_organisation_type(
                year, scheme.pk if scheme else None, data
            ),
            "kpi": kpi,
            "splits": data.splits,
            "kpi_years": kpi_years,
            "kpi_average": average,
            "kpi_first": kpi_first,
            "kpi_last": kpi_last,
            "kpi_average_label": report.average_label(counted),
            "kpi_all_counted": len(counted) == len(kpi_years),
            "kpi_year_choices": sorted(
                set(years) | set(all_years.participants) | {kpi_first, kpi_last}
            ),
            "chart": chart,
            "kpi_chart": kpi_chart,
            "nok": formatting.nok,
        },
    )
