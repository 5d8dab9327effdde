"""Pages of the casework register.

Every case page goes through :func:`_visible_case`, which asks the one access rule in
``casework.selectors``; a case the user may not see answers 404 and the attempt is audited.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from casework.models import Case, CaseTheme, Outreach, Theme
from casework.statistics_view import statistics_context
from casework.tables import (
    CaseloadTable,
    MyCaseTable,
    OutreachTable,
    OverviewTable,
    outreach_name,
)
from imdi import audit
from imdi.paging import paginate
from imdi.roles import CASE_OWNER_ROLES, CASEWORK_ROLES, Role, role_required

CASE_TYPE = services.CASE_TYPE
PER_PAGE = 25
EXPORT_CHUNK = 2000  # cases read, written and audited at a time by the export
NEEDING_OWNER_SHOWN = 25  # owners without an active owner named at once


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


class _Echo:
    """A file-like object whose write returns the line, for csv.writer over a stream."""

    def write(self, value: str) -> str:
        return value


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@role_required(*CASEWORK_ROLES)
def case_export(request):
    """CSV of the cases the user may see, filtered and ordered as on the list. Never names,
    never text.

    Streamed: the cases are read EXPORT_CHUNK at a time (a server-side cursor on PostgreSQL),
    as plain columns with their themes read per chunk, and each chunk is audited as it is
    sent. Memory stays the same for ten cases or a million.
    """
    owner = selectors.is_owner_role(request.user)
    base = selectors.my_cases(request.user) if owner else selectors.cases_visible_to(request.user)
    filter_class = MyCaseFilter if owner else OverviewFilter
    # No DISTINCT (see my_cases): the one join a filter adds is one theme, unique per case.
    cases = filter_class(request.GET or None, queryset=base).qs.prefetch_related(None)
    columns = ["id", "reference", "kind", "opened_on", "closed_on", "status"]
    header = [_("Reference"), _("Kind"), _("Opened"), _("Closed"), _("Status"), _("Themes")]
    if owner:
        columns += ["gender", "age_group", "country_of_origin", "exposure", "contact_channel"]
        columns += ["follow_up_on"]
        header += [_("Gender"), _("Age group"), _("Country of origin"), _("At risk or exposed")]
        header += [_("How contact came"), _("Follow up by")]
    # Every label in the user's language now: the rows are written after the view returns.
    labels = {
        name: {key: str(label) for key, label in Case._meta.get_field(name).flatchoices}
        for name in columns
        if Case._meta.get_field(name).choices
    }
    themes = {key: str(label) for key, label in Theme.choices}
    rows = cases.values_list(*columns).iterator(chunk_size=EXPORT_CHUNK)

    def chunks():
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == EXPORT_CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def lines():
        writer = csv.writer(_Echo(), delimiter=";")
        yield "\ufeff" + writer.writerow(header)
        exported = 0
        for chunk in chunks():
            ids = [row[0] for row in chunk]
            of_case: dict[int, list[str]] = {}
            for case_id, theme in (
                CaseTheme.objects.filter(case_id__in=ids).order_by().values_list("case_id", "theme")
            ):
                of_case.setdefault(case_id, []).append(theme)
            out = []
            for row in chunk:
                values = dict(zip(columns, row, strict=True))
                line = [
                    values["reference"],
                    labels["kind"].get(values["kind"], values["kind"]),
                    _date(values["opened_on"]),
                    _date(values["closed_on"]),
                    labels["status"].get(values["status"], values["status"]),
                    ", ".join(themes[t] for t in sorted(of_case.get(values["id"], []))),
                ]
                if owner:
                    line += [
                        labels[name].get(values[name], values[name])
                        for name in ("gender", "age_group", "country_of_origin", "exposure")
                    ]
                    line += [
                        labels["contact_channel"].get(
                            values["contact_channel"], values["contact_channel"]
                        ),
                        _date(values["follow_up_on"]),
                    ]
                out.append(writer.writerow(line))
            audit.record_many(
                request, audit.Action.EXPORT, CASE_TYPE, ids, detail=f"{len(ids)} exported"
            )
            exported += len(ids)
            yield "".join(out)
        if not exported:
            audit.record(request, audit.Action.EXPORT, object_type=CASE_TYPE, detail="0 exported")

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="saker-{stamp}.csv"'
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
        {
            "form": form,
            "title": _("New outreach activity"),
            "submit": _("Register"),
            "cancel_url": reverse("casework:outreach_list"),
        },
        status=400 if form.errors else 200,
    )


def _visible_outreach(request, pk: int) -> Outreach:
    """The outreach entry if the one access rule lets the user see it, else 404 and audited."""
    item = selectors.outreach_visible_to(request.user).filter(pk=pk).first()
    if item is None:
        _refuse(request, services.OUTREACH_TYPE, pk)
    return item


@require_http_methods(["GET", "POST"])
def outreach_edit(request, pk: int):
    item = _visible_outreach(request, pk)
    name = outreach_name(item)  # before the form changes the instance
    form = OutreachForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_update(
                item=item, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("casework:outreach_list")
    return render(
        request,
        "casework/form.html",
        {
            "form": form,
            "title": _("Change outreach activity %(name)s") % {"name": name},
            "submit": _("Save"),
            "cancel_url": reverse("casework:outreach_list"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def outreach_delete(request, pk: int):
    """A page of its own that asks before deleting; the deletion is its form's POST."""
    item = _visible_outreach(request, pk)
    name = outreach_name(item)
    if request.method == "POST":
        services.outreach_delete(item=item, by=request.user, request=request)
        messages.success(request, _("The activity %(name)s is deleted.") % {"name": name})
        return redirect("casework:outreach_list")
    return render(
        request,
        "casework/outreach_delete.html",
        {"item": item, "title": _("Delete outreach activity %(name)s") % {"name": name}},
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
    needing = list(selectors.owners_needing_reassignment()[: NEEDING_OWNER_SHOWN + 1])
    return render(
        request,
        "casework/overview.html",
        {
            "filter": filterset,
            "table": table,
            "caseload": caseload,
            "needing_owner": needing[:NEEDING_OWNER_SHOWN],
            "needing_owner_more": len(needing) > NEEDING_OWNER_SHOWN,
        },
    )


@role_required(Role.CASEWORK_COORDINATOR)
@require_http_methods(["GET", "POST"])
def cases_assign(request):
    """Give all of one owner's cases to another: for someone who leaves or has no account."""
    sources = selectors.assign_sources()
    targets = selectors.assign_targets()
    initial = {}
    if request.GET.get("fra", "").isdigit() and len(request.GET["fra"]) <= 9:
        initial["from_owner"] = sources.filter(pk=request.GET["fra"]).first()
    # Text fields with a few suggestions, never a list of every advisor and envoy.
    needing = list(selectors.owners_needing_reassignment()[: NEEDING_OWNER_SHOWN + 1])
    form = AssignForm(
        request.POST or None,
        initial=initial,
        sources=sources,
        targets=targets,
        source_suggestions=needing[:NEEDING_OWNER_SHOWN],
        suggestions=selectors.owner_suggestions(initial.get("from_owner"), targets),
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
        {
            "form": form,
            "needing_owner": needing[:NEEDING_OWNER_SHOWN],
            "needing_owner_more": len(needing) > NEEDING_OWNER_SHOWN,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def case_transfer(request, pk: int):
    # Like every page under a case's address, a refusal is "not found", never "forbidden".
    if not selectors.is_coordinator(request.user):
        _refuse(request, CASE_TYPE, pk)
    case = _visible_case(request, pk)
    targets = selectors.transfer_targets(case)
    # A text field with the receivers near the owner as suggestions, not all 6,300 advisors.
    form = TransferForm(
        request.POST or None,
        targets=targets,
        suggestions=selectors.owner_suggestions(case.owner, targets),
    )
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
