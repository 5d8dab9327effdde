"""HR pages. The HR officer sees and changes everything here; the report reader sees only the
dashboard's public view (aggregates under the publication rule)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from hr import selectors, services
from hr.filters import EmployeeRecordFilter
from hr.forms import (
    EmployeeRecordForm,
    EqualityWorkForm,
    ImmigrantBackgroundForm,
    MeasureForm,
    UploadForm,
)
from hr.importing import Records, parse_file
from hr.models import EmployeeRecord, ImmigrantBackground, Measure
from hr.presentation import (
    gender_balance_chart,
    immigrant_background_chart,
    pay_ratio_chart,
    row_labels,
)
from hr.tables import EmployeeRecordTable
from imdi import audit, datacache, formatting
from imdi.roles import Role, has_role, role_required

IMPORT_SESSION_KEY = "hr_import"
IMPORT_FOLDER = "hr/imports"
TREND_YEARS = 5


def _year_param(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


SUPPRESSED = "*"


def _cells(row: dict, *, public: bool) -> list[str]:
    """The row's figures as shown: Norwegian formats, "*" where the publication rule hid one."""
    hidden = selectors.suppressed_cells(row) if public else set()

    def show(key: str, fmt) -> str:
        return SUPPRESSED if key in hidden else fmt(row[key])

    return [
        show("men_pct", formatting.percent),
        show("women_pct", formatting.percent),
        formatting.number(row["total"]),
        show("avg_salary_men", formatting.nok),
        show("avg_salary_women", formatting.nok),
        show("women_pct_of_men", formatting.percent),
    ]


def _paired_rows(table: dict, previous: dict, *, public: bool) -> list[dict]:
    labels = row_labels()
    return [
        {
            "key": row["row"],
            "label": labels[row["row"]],
            "years": [
                (table["year"], _cells(row, public=public)),
                (previous["year"], _cells(before, public=public)),
            ],
        }
        for row, before in zip(table["rows"], previous["rows"], strict=True)
    ]


# Part of the cache key of the dashboard's content: raise it when the content changes shape.
DASHBOARD_FORMAT = 1


def _dashboard_content(asked: int | None, *, public: bool, is_hr: bool) -> dict:
    """The dashboard's content for a year (None: the newest with records) and view, as HTML:
    the same for every user of the role, so it is rendered once per version of the records."""
    # Every figure of the page from one set of aggregates.
    figures = selectors.figures(asked, trend=TREND_YEARS)
    year = figures.year or asked or timezone.localdate().year - 1
    table = figures.table(year, public=public)
    previous = figures.table(year - 1, public=public)
    gap = figures.pay_gap(year, public=public)
    labels = row_labels()
    gap_rows = [gap["overall"], *gap["categories"]]
    for item in gap_rows:
        item["label"] = labels[item["key"]]
    trend_years = figures.trend_years
    trend = figures.trend(public=public)
    # "*" only where the publication rule hid a ratio; "–" where nobody of a gender is there.
    unhidden = figures.trend() if public else trend
    trend_rows = [
        {
            "label": labels[key],
            "cells": [
                SUPPRESSED if v is None and u is not None else formatting.percent(v)
                for v, u in zip(values, unhidden[key], strict=True)
            ],
        }
        for key, values in trend.items()
        if any(u is not None for u in unhidden[key])
    ]
    category_rows = [r for r in table["rows"] if r["row"] in selectors.CATEGORY_ROWS]
    html = render_to_string(
        "hr/_dashboard_content.html",
        {
            "year": year,
            "previous_year": year - 1,
            "public": public,
            "is_hr": is_hr,
            "has_records": any(r["total"] for r in table["rows"]),
            "any_suppressed": public
            and any(selectors.suppressed_cells(r) for r in table["rows"] + previous["rows"]),
            "rows": _paired_rows(table, previous, public=public),
            "parental": [(year, table["parental_leave"]), (year - 1, previous["parental_leave"])],
            "sick": [(year, table["sick_leave"]), (year - 1, previous["sick_leave"])],
            "gap": gap,
            "gap_rows": gap_rows,
            "min_group_size": selectors.min_group_size(),
            "balance_rows": [{"label": labels[r["row"]], **r} for r in category_rows],
            "balance_chart": gender_balance_chart(table) if table["rows"][0]["total"] else "",
            "trend_years": trend_years,
            "trend_rows": trend_rows,
            "trend_chart": pay_ratio_chart(trend_years, trend) if trend_rows else "",
            "years": figures.years,
        },
    )
    return {"year": year, "html": str(html)}


@role_required(Role.HR_OFFICER, Role.REPORT_READER)
def dashboard(request):
    # The report reader gets the public view whatever the address asks for.
    is_hr = has_role(request.user, Role.HR_OFFICER)
    public = not is_hr or request.GET.get("view") == "public"
    asked = _year_param(request, 0) or None
    key = (
        "dashboard",
        DASHBOARD_FORMAT,
        asked,
        public,
        is_hr,
        translation.get_language(),
        selectors.min_group_size(),
        # The default year without any records is last year: the key changes with the date.
        timezone.localdate().year,
    )
    content = datacache.cached(
        "hr", key, lambda: _dashboard_content(asked, public=public, is_hr=is_hr)
    )
    year = content["year"]
    audit.record(
        request,
        audit.Action.VIEW,
        object_type="hr.equalitytable",
        object_id=year,
        detail="public" if public else "internal",
    )
    return render(
        request,
        "hr/dashboard.html",
        {"year": year, "public": public, "content": mark_safe(content["html"])},  # noqa: S308
    )


def _storage():
    return storages["private"]


def _pending(request, token: str) -> dict:
    """The checked upload waiting for confirmation: only in this user's own session."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not secrets.compare_digest(pending.get("token", ""), token):
        raise Http404
    return pending


def _discard(pending: dict) -> None:
    storage = _storage()
    if storage.exists(pending["path"]):
        storage.delete(pending["path"])


def _checked_records(pending: dict) -> Records | None:
    """The records exactly as the upload's check left them, or None when they are gone or
    not the bytes the check wrote (the session holds their SHA-256)."""
    storage = _storage()
    if "sha256" not in pending or not storage.exists(pending["path"]):
        return None
    with storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    if not secrets.compare_digest(hashlib.sha256(data).hexdigest(), pending["sha256"]):
        return None
    try:
        return Records.from_checked_form(data.decode())
    except (UnicodeDecodeError, ValueError):
        return None


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    problems = []
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = parse_file(upload.read(), upload.name)
        if result.ok:
            old = request.session.get(IMPORT_SESSION_KEY)
            if old:
                _discard(old)
            # Keep the checked records (not the file): the confirmation stores exactly these.
            checked = result.records.checked_form().encode()
            token = secrets.token_urlsafe(24)
            path = _storage().save(f"{IMPORT_FOLDER}/{token}.checked", ContentFile(checked))
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "path": path,
                "sha256": hashlib.sha256(checked).hexdigest(),
                "name": upload.name[:200],
                "per_year": sorted(result.year_counts().items()),
            }
            return redirect("hr:import_confirm", token=token)
        problems = result.problems
    return render(request, "hr/import.html", {"form": form, "problems": problems}, status=200)


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def import_confirm(request, token: str):
    pending = _pending(request, token)
    if request.method == "POST" and "cancel" in request.POST:
        _discard(pending)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.info(request, _("The import was cancelled. Nothing was stored."))
        return redirect("hr:import")
    records = _checked_records(pending) if request.method == "POST" else None
    if (
        "per_year" not in pending
        or not _storage().exists(pending["path"])
        or (request.method == "POST" and records is None)
    ):
        _discard(pending)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, _("The uploaded file is no longer available. Upload it again."))
        return redirect("hr:import")
    if request.method == "POST":
        outcome = services.employee_records_replace(
            records=records, user=request.user, request=request
        )
        _discard(pending)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            _("Imported %(created)s records for %(years)s; %(replaced)s earlier records replaced.")
            % {
                "created": outcome["created"],
                "years": ", ".join(map(str, outcome["years"])),
                "replaced": outcome["replaced"],
            },
        )
        return redirect(f"{reverse('hr:dashboard')}?year={outcome['years'][-1]}")
    counts = dict(pending["per_year"])
    existing = selectors.record_counts_by_year(sorted(counts))
    per_year = [
        {"year": year, "new": new, "replaced": existing.get(year, 0)}
        for year, new in sorted(counts.items())
    ]
    return render(
        request,
        "hr/import_confirm.html",
        {
            "name": pending["name"],
            "per_year": per_year,
            "total_new": sum(counts.values()),
            "total_replaced": sum(existing.values()),
        },
    )


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def immigrant_background(request, year: int | None = None):
    instance = get_object_or_404(ImmigrantBackground, year=year) if year else None
    form = ImmigrantBackgroundForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.immigrant_background_save(
            year=instance.year if instance else data["year"],
            total_employees=data["total_employees"],
            group1=data["group1"],
            group2=data["group2"],
            goal_pct=data["goal_pct"],
            user=request.user,
            request=request,
        )
        messages.success(request, _("The figures were saved."))
        return redirect("hr:immigrant_background")
    rows = selectors.immigrant_background_rows()
    return render(
        request,
        "hr/immigrant_background.html",
        {
            "form": form,
            "editing": instance,
            "rows": rows,
            "chart": immigrant_background_chart(rows) if rows else "",
        },
    )


@role_required(Role.HR_OFFICER)
@require_POST
def immigrant_background_delete(request, year: int):
    item = get_object_or_404(ImmigrantBackground, year=year)
    services.immigrant_background_delete(item=item, user=request.user, request=request)
    messages.success(request, _("The figures for %(year)s were deleted.") % {"year": year})
    return redirect("hr:immigrant_background")


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def equality_work(request):
    # The newest year with text or records: the statement being written, not an empty page.
    known_years = selectors.equality_work_years()
    year = _year_param(request, known_years[0] if known_years else timezone.localdate().year)
    work = selectors.equality_work_for_year(year)
    form = EqualityWorkForm(request.POST or None, instance=work)
    if request.method == "POST" and form.is_valid():
        services.equality_work_save(
            year=year, **form.cleaned_data, user=request.user, request=request
        )
        messages.success(request, _("The equality work for %(year)s was saved.") % {"year": year})
        return redirect(f"{reverse('hr:equality_work')}?year={year}")
    if work is not None:
        audit.record(request, audit.Action.VIEW, work)
    return render(
        request,
        "hr/equality_work.html",
        {
            "year": year,
            "work": work,
            "form": form,
            "measures": selectors.measures_for_year(year),
            "measure_form": MeasureForm(),
            "years": sorted({year, *known_years}, reverse=True),
        },
    )


@role_required(Role.HR_OFFICER)
@require_POST
def measure_create(request, year: int):
    form = MeasureForm(request.POST)
    if form.is_valid():
        services.measure_create(year=year, **form.cleaned_data, user=request.user, request=request)
        messages.success(request, _("The measure was added."))
        return redirect(f"{reverse('hr:equality_work')}?year={year}")
    return render(request, "hr/measure_form.html", {"form": form, "year": year, "measure": None})


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk: int):
    try:
        measure = selectors.measure_for_user(request.user, pk)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc
    year = measure.work.year
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST":
        if "delete" in request.POST:
            services.measure_delete(measure=measure, user=request.user, request=request)
            messages.success(request, _("The measure was deleted."))
            return redirect(f"{reverse('hr:equality_work')}?year={year}")
        if form.is_valid():
            services.measure_update(
                measure=measure, **form.cleaned_data, user=request.user, request=request
            )
            messages.success(request, _("The measure was saved."))
            return redirect(f"{reverse('hr:equality_work')}?year={year}")
    return render(request, "hr/measure_form.html", {"form": form, "year": year, "measure": measure})


@role_required(Role.HR_OFFICER)
def records(request):
    queryset = selectors.records_for_user(request.user)
    data = request.GET.copy()
    if "year" not in data:
        # The newest year first; an emptied year field lists every year.
        years = selectors.years_with_records()
        if years:
            data["year"] = str(years[0])
    filterset = EmployeeRecordFilter(data or None, queryset=queryset)
    table = EmployeeRecordTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    # Who listed which records, not their content.
    audit.record_many(
        request,
        audit.Action.LIST,
        "hr.employeerecord",
        [row.record.pk for row in table.page.object_list],
    )
    return render(
        request,
        "hr/records.html",
        {"filter": filterset, "table": table, "count": filterset.qs.count()},
    )


@role_required(Role.HR_OFFICER)
@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int):
    try:
        record = selectors.record_for_user(request.user, pk)
    except EmployeeRecord.DoesNotExist as exc:
        raise Http404 from exc
    original = EmployeeRecord.objects.get(pk=record.pk)
    form = EmployeeRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.employee_record_update(
            record=original, data=form.cleaned_data, user=request.user, request=request
        )
        messages.success(request, _("The record was saved."))
        return redirect(f"{reverse('hr:records')}?year={original.year}")
    audit.record(request, audit.Action.VIEW, original)
    return render(request, "hr/record_form.html", {"form": form, "record": original})
