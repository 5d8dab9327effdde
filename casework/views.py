"""Pages of the casework register.

Every case page goes through :func:`_visible_case`, which asks the one access rule in
``casework.selectors``; a case the user may not see answers 404 and the attempt is audited.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from casework import selectors, services
from casework.filters import MyCaseFilter, OverviewFilter
from casework.forms import (
    AssignForm,
    CaseForm,
    CaseServiceForm,
    JournalEntryForm,
    OutreachForm,
    TransferForm,
)
from casework.models import Case, Outreach
from casework.statistics_view import statistics_context
from casework.tables import CaseloadTable, MyCaseTable, OutreachTable, OverviewTable
from imdi import audit
from imdi.paging import paginate
from imdi.roles import CASE_OWNER_ROLES, CASEWORK_ROLES, Role, role_required

CASE_TYPE = services.CASE_TYPE
PER_PAGE = 25


def _refuse(request, object_type: str, object_id) -> None:
    audit.record(request, audit.Action.ACCESS_REFUSED, object_type=object_type, object_id=object_id)
    raise Http404


def _visible_case(request, pk: int, *, content: bool = False) -> Case:
    """The case if the user may see it (its content too, if asked), else 404 and audited."""
    case = selectors.cases_visible_to(request.user).filter(pk=pk).first()
    if case is None or (content and not selectors.can_read_content(request.user, case)):
        _refuse(request, CASE_TYPE, pk)
    return case


def _advisor_or_refuse(request):
    advisor = selectors.advisor_for(request.user)
    if advisor is None:
        audit.record(
            request, audit.Action.ACCESS_REFUSED, object_type="casework.advisor", object_id=""
        )
        raise PermissionDenied(_("You have no active placement as an advisor or envoy."))
    return advisor


def _audit_listing(request, filterset, rows, object_type: str = CASE_TYPE) -> None:
    """One event per case shown, so that each case's history names every listing of it."""
    action = audit.Action.SEARCH if filterset.is_search else audit.Action.LIST
    ids = [row.pk for row in rows]
    audit.record_many(request, action, object_type, ids, detail=f"{len(ids)} shown")
    if not ids:
        audit.record(request, action, object_type=object_type, detail="0 shown")


# --- The owner's pages ------------------------------------------------------------------------


@role_required(*CASE_OWNER_ROLES)
def my_cases(request):
    advisor = selectors.advisor_for(request.user)
    filterset = MyCaseFilter(request.GET or None, queryset=selectors.my_cases(request.user))
    # No DISTINCT: the only join the filters add is one theme, and (case, theme) is unique.
    table = MyCaseTable(filterset.qs)
    table.caption = _("My cases")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    _audit_listing(request, filterset, table.page.object_list.data)
    counts = selectors.my_case_counts(request.user)
    return render(
        request,
        "casework/my_cases.html",
        {
            "advisor": advisor,
            "filter": filterset,
            "table": table,
            "due_count": counts["due"],
            "open_count": counts["open"],
        },
    )


@role_required(*CASEWORK_ROLES)
def case_export(request):
    """CSV of the cases the user may see, filtered as on the list. Never names, never text."""
    owner = selectors.is_owner_role(request.user)
    base = selectors.my_cases(request.user) if owner else selectors.cases_visible_to(request.user)
    filter_class = MyCaseFilter if owner else OverviewFilter
    cases = list(
        filter_class(request.GET or None, queryset=base).qs.distinct().prefetch_related("themes")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="saker-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    header = [_("Reference"), _("Kind"), _("Opened"), _("Closed"), _("Status"), _("Themes")]
    if owner:
        header += [_("Gender"), _("Age group"), _("Country of origin"), _("At risk or exposed")]
        header += [_("How contact came"), _("Follow up by")]
    writer.writerow(header)
    for case in cases:
        row = [
            case.reference,
            case.get_kind_display(),
            case.opened_on.strftime("%d.%m.%Y"),
            case.closed_on.strftime("%d.%m.%Y") if case.closed_on else "",
            case.get_status_display(),
            ", ".join(case.theme_labels()),
        ]
        if owner:
            row += [
                case.get_gender_display(),
                case.get_age_group_display(),
                case.get_country_of_origin_display(),
                case.get_exposure_display(),
                case.get_contact_channel_display(),
                case.follow_up_on.strftime("%d.%m.%Y") if case.follow_up_on else "",
            ]
        writer.writerow(row)
    ids = [c.pk for c in cases]
    audit.record_many(request, audit.Action.EXPORT, CASE_TYPE, ids, detail=f"{len(ids)} exported")
    if not ids:
        audit.record(request, audit.Action.EXPORT, object_type=CASE_TYPE, detail="0 exported")
    return response


@role_required(*CASE_OWNER_ROLES)
@require_http_methods(["GET", "POST"])
def case_create(request):
    advisor = _advisor_or_refuse(request)
    form = CaseForm(request.POST or None, kind=advisor.kind)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                owner=advisor, by=request.user, request=request, **form.service_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Case %(ref)s registered.") % {"ref": case.reference})
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_form.html",
        {"form": form, "title": _("New case"), "case": None},
        status=400 if form.errors else 200,
    )


def case_detail(request, pk: int):
    case = _visible_case(request, pk)
    audit.record(request, audit.Action.VIEW, case, object_type=CASE_TYPE)
    if not selectors.can_read_content(request.user, case):
        # The coordinator: metadata and transfers, never the person or the journal.
        return render(
            request,
            "casework/case_metadata.html",
            {
                "case": case,
                "transfers": case.transfers.select_related(
                    "from_owner__user", "to_owner__user", "by"
                ),
            },
        )
    journal = case.journal.select_related("author")
    history = audit.history_for(object_type=CASE_TYPE, object_id=case.pk)[:50]
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "journal": journal,
            "services": case.services.all(),
            "history": history,
            "journal_form": JournalEntryForm(case=case),
            "service_form": CaseServiceForm(case=case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _visible_case(request, pk, content=True)
    form = CaseForm(request.POST or None, instance=case, kind=case.kind, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            services.case_update(case=case, by=request.user, request=request, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("casework:case_detail", pk=case.pk)
    else:
        audit.record(request, audit.Action.VIEW, case, object_type=CASE_TYPE, detail="edit form")
    return render(
        request,
        "casework/case_form.html",
        {"form": form, "title": _("Change case %(ref)s") % {"ref": case.reference}, "case": case},
        status=400 if form.errors else 200,
    )


def _case_form_page(request, pk: int, *, form_class, service, done: str, title: str, submit: str):
    """A small form under a case, for its owner (a journal entry, a service): one shape."""
    case = _visible_case(request, pk, content=True)
    form = form_class(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        service(case=case, by=request.user, request=request, **form.cleaned_data)
        messages.success(request, done)
        return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/form.html",
        {"form": form, "case": case, "title": title % {"ref": case.reference}, "submit": submit},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def journal_create(request, pk: int):
    return _case_form_page(
        request,
        pk,
        form_class=JournalEntryForm,
        service=services.journal_entry_create,
        done=_("The journal entry is saved."),
        title=_("New journal entry in case %(ref)s"),
        submit=_("Save entry"),
    )


def journal_detail(request, pk: int, entry_pk: int):
    case = _visible_case(request, pk, content=True)
    entry = selectors.journal_visible_to(request.user).filter(pk=entry_pk, case=case).first()
    if entry is None:
        _refuse(request, "casework.journalentry", entry_pk)
    audit.record(
        request,
        audit.Action.VIEW,
        object_type="casework.journalentry",
        object_id=entry.pk,
        detail=f"case {case.pk}",
    )
    audit.record(request, audit.Action.VIEW, case, object_type=CASE_TYPE, detail="journal entry")
    return render(request, "casework/journal_detail.html", {"case": case, "entry": entry})


@require_http_methods(["GET", "POST"])
def service_create(request, pk: int):
    return _case_form_page(
        request,
        pk,
        form_class=CaseServiceForm,
        service=services.case_service_add,
        done=_("The service is added."),
        title=_("Add a service to case %(ref)s"),
        submit=_("Add service"),
    )


@role_required(*CASE_OWNER_ROLES)
def outreach_list(request):
    advisor = selectors.advisor_for(request.user)
    table = OutreachTable(selectors.outreach_visible_to(request.user))
    table.caption = _("My outreach activities")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "casework/outreach_list.html",
        {
            "table": table,
            "advisor": advisor,
            "per_year": selectors.outreach_per_year(request.user),
            "kinds": Outreach.OutreachKind.labels,
        },
    )


@role_required(*CASE_OWNER_ROLES)
@require_http_methods(["GET", "POST"])
def outreach_create(request):
    advisor = _advisor_or_refuse(request)
    form = OutreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outreach_create(
            advisor=advisor, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("The activity is registered."))
        return redirect("casework:outreach_list")
    return render(
        request,
        "casework/form.html",
        {"form": form, "title": _("New outreach activity"), "submit": _("Register")},
        status=400 if form.errors else 200,
    )


# --- The coordinator's pages -------------------------------------------------------------------


@role_required(Role.CASEWORK_COORDINATOR)
def overview(request):
    filterset = OverviewFilter(
        request.GET or None, queryset=selectors.cases_visible_to(request.user)
    )
    # No DISTINCT (see my_cases): it made the pager count every column of every case.
    table = OverviewTable(filterset.qs)
    table.caption = _("Cases")
    # Every case in the register: the pager counts no further than the cap.
    paginate(request, table, per_page=PER_PAGE)
    _audit_listing(request, filterset, table.page.object_list.data)
    # One row per advisor and envoy (thousands at the directorate's scale): paged, narrowed by
    # the same owner search as the case list, and counted for the rows of the page only.
    caseload = CaseloadTable(selectors.caseload_per_owner(filterset.owner_ids), prefix="caseload-")
    caseload.caption = _("Caseload per advisor and envoy")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(caseload)
    return render(
        request,
        "casework/overview.html",
        {
            "filter": filterset,
            "table": table,
            "caseload": caseload,
            "needing_owner": selectors.owners_needing_reassignment(),
        },
    )


@role_required(Role.CASEWORK_COORDINATOR)
@require_http_methods(["GET", "POST"])
def cases_assign(request):
    """Give all of one owner's cases to another: for someone who leaves or has no account."""
    sources = selectors.assign_sources()
    initial = {}
    if request.GET.get("fra", "").isdigit():
        initial["from_owner"] = sources.filter(pk=request.GET["fra"]).first()
    form = AssignForm(
        request.POST or None,
        initial=initial,
        sources=sources,
        targets=selectors.assign_targets(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.cases_assign(
                from_owner=data["from_owner"],
                to_owner=data["to_owner"],
                reason=data["reason"],
                include_closed=data["include_closed"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d case is assigned to %(owner)s.",
                    "%(count)d cases are assigned to %(owner)s.",
                    len(moved),
                )
                % {"count": len(moved), "owner": data["to_owner"]},
            )
            return redirect("casework:overview")
    return render(
        request,
        "casework/assign.html",
        {"form": form, "needing_owner": selectors.owners_needing_reassignment()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def case_transfer(request, pk: int):
    # Like every page under a case's address, a refusal is "not found", never "forbidden".
    if not selectors.is_coordinator(request.user):
        _refuse(request, CASE_TYPE, pk)
    case = _visible_case(request, pk)
    form = TransferForm(request.POST or None, targets=selectors.transfer_targets(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transfer(
                case=case,
                to_owner=form.cleaned_data["to_owner"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Case %(ref)s is transferred.") % {"ref": case.reference})
            return redirect("casework:overview")
    else:
        audit.record(
            request, audit.Action.VIEW, case, object_type=CASE_TYPE, detail="transfer form"
        )
    return render(
        request,
        "casework/transfer.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@role_required(Role.CASEWORK_COORDINATOR, Role.REPORT_READER)
def statistics(request):
    context = statistics_context(request.GET.get("year"))
    audit.record(
        request,
        audit.Action.VIEW,
        object_type="casework.statistics",
        object_id=context["year"] or "",
    )
    return render(request, "casework/statistics.html", context)
