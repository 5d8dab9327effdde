"""Writes for the HR data. Each function is one transaction and records itself in the audit
trail (counts and years, never the content of a record)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connection, transaction

from hr.importing import COLUMNS, Records
from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure
from imdi import audit, datacache

# Two imports at the same time must not interleave their delete and insert (the second
# would hit the first one's new rows). SQLite already serialises writers.
IMPORT_LOCK_KEY = 0x48520001


@transaction.atomic
def employee_records_replace(*, records: Sequence[dict], user=None, request=None) -> dict:
    """Store checked records (from ``hr.importing.parse_file``), replacing every record of
    the years they hold. All or nothing; imports run one at a time.

    PostgreSQL stores them with COPY in this transaction, SQLite with ``bulk_create``."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    if isinstance(records, Records):
        years = sorted(records.year_counts())
    else:
        years = sorted({r["year"] for r in records})
    replaced, _ = EmployeeRecord.objects.filter(year__in=years).delete()
    if postgres:
        _copy_records(records)
    else:
        EmployeeRecord.objects.bulk_create([EmployeeRecord(**r) for r in records], batch_size=1000)
    # Neither the bulk delete nor COPY/bulk_create sends signals: the cached HR figures'
    # version is raised here, when this transaction commits.
    datacache.bump("hr")
    audit.record(
        request,
        audit.Action.IMPORT,
        user=user,
        object_type="hr.employeerecord",
        detail=f"records={len(records)} replaced={replaced} years={','.join(map(str, years))}",
    )
    return {"years": years, "created": len(records), "replaced": replaced}


def _copy_records(records: Sequence[dict]) -> None:
    """COPY the records into the table, in the caller's transaction."""
    meta = EmployeeRecord._meta
    quote = connection.ops.quote_name
    if isinstance(records, Records):
        order, delimiter, lines = records.copy_form()
    else:
        order, delimiter, lines = COLUMNS, "\t", None
    columns = ", ".join(quote(meta.get_field(name).column) for name in order)
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN (DELIMITER '{delimiter}')"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        if lines is not None:
            copy.write(lines)
        else:
            fields = [meta.get_field(name) for name in COLUMNS]
            for record in records:
                copy.write_row(
                    [record[f.name] if f.name in record else f.get_default() for f in fields]
                )


@transaction.atomic
def employee_record_update(*, record: EmployeeRecord, data: dict, user=None, request=None):
    """Correct one record. Only the fields named in ``data`` change."""
    changed = sorted(k for k, v in data.items() if getattr(record, k) != v)
    for key, value in data.items():
        setattr(record, key, value)
    record.full_clean()
    record.save()
    audit.record(
        request, audit.Action.UPDATE, record, user=user, detail="fields=" + ",".join(changed)
    )
    return record


@transaction.atomic
def immigrant_background_save(
    *,
    year: int,
    total_employees: int,
    group1: int,
    group2: int,
    goal_pct,
    user=None,
    request=None,
) -> ImmigrantBackground:
    """Create or change the SSB 12625 counts of one year."""
    item, created = ImmigrantBackground.objects.update_or_create(
        year=year,
        defaults={
            "total_employees": total_employees,
            "group1": group1,
            "group2": group2,
            "goal_pct": goal_pct,
        },
    )
    audit.record(request, audit.Action.CREATE if created else audit.Action.UPDATE, item, user=user)
    return item


@transaction.atomic
def immigrant_background_delete(*, item: ImmigrantBackground, user=None, request=None) -> None:
    audit.record(request, audit.Action.DELETE, item, user=user)
    item.delete()


@transaction.atomic
def equality_work_save(
    *,
    year: int,
    risks: str,
    causes: str,
    measures_summary: str,
    evaluation: str,
    user=None,
    request=None,
) -> EqualityWork:
    """Create or change the four-step text of a year."""
    work, created = EqualityWork.objects.update_or_create(
        year=year,
        defaults={
            "risks": risks,
            "causes": causes,
            "measures_summary": measures_summary,
            "evaluation": evaluation,
            "updated_by": user,
        },
    )
    audit.record(request, audit.Action.CREATE if created else audit.Action.UPDATE, work, user=user)
    return work


@transaction.atomic
def measure_create(
    *,
    year: int,
    description: str,
    owner: str,
    deadline: datetime.date,
    status: str = Measure.Status.PLANNED,
    user=None,
    request=None,
) -> Measure:
    work, _ = EqualityWork.objects.get_or_create(year=year, defaults={"updated_by": user})
    measure = Measure.objects.create(
        work=work, description=description, owner=owner, deadline=deadline, status=status
    )
    audit.record(request, audit.Action.CREATE, measure, user=user)
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    description: str,
    owner: str,
    deadline: datetime.date,
    status: str,
    user=None,
    request=None,
) -> Measure:
    measure.description, measure.owner = description, owner
    measure.deadline, measure.status = deadline, status
    measure.save()
    audit.record(request, audit.Action.UPDATE, measure, user=user)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, user=None, request=None) -> None:
    audit.record(request, audit.Action.DELETE, measure, user=user)
    measure.delete()
