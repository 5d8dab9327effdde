"""Writes for the casework register. Each function is one transaction and records itself in
the audit trail, never with the content of the case."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import (
    Advisor,
    AgeGroup,
    Case,
    CaseService,
    CaseTheme,
    CaseTransfer,
    JournalEntry,
    Kind,
    Outreach,
)
from casework.selectors import DATA
from imdi import audit, datacache

CASE_TYPE = "casework.case"
OUTREACH_TYPE = "casework.outreach"
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"


def new_reference(prefix: str) -> str:
    """A pseudonymous reference such as "R-7KQ4X9": it says nothing about the person."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        reference = f"{prefix}-{code}"
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _age_group(birth_year: int | None, age_group: str, opened_on: datetime.date) -> str:
    if birth_year:
        return AgeGroup.for_age(opened_on.year - birth_year)
    return age_group or AgeGroup.UNKNOWN


def _clean_envoy_fields(owner: Advisor, data: dict) -> None:
    if owner.kind != Kind.ENVOY:
        data["country_of_stay"] = ""
        data["returned_to_norway"] = False
        data["returned_on"] = None
    elif data.get("returned_on") and not data.get("returned_to_norway"):
        data["returned_to_norway"] = True


@transaction.atomic
def case_create(
    *,
    owner: Advisor,
    by,
    themes: list[str],
    name: str = "",
    request=None,
    **fields,
) -> Case:
    """Register a case for its owner. ``fields`` are Case's editable fields."""
    if not themes:
        raise ValidationError(_("Choose at least one theme."))
    _clean_envoy_fields(owner, fields)
    opened_on = fields.pop("opened_on", None) or timezone.localdate()
    fields["age_group"] = _age_group(fields.get("birth_year"), fields.get("age_group"), opened_on)
    case = Case(
        reference=new_reference("U" if owner.kind == Kind.ENVOY else "R"),
        kind=owner.kind,
        owner=owner,
        registered_by=by,
        county=owner.county,
        opened_on=opened_on,
        **fields,
    )
    case.name = name.strip()
    case.full_clean(exclude=["reference", "registered_by"])
    case.save()
    CaseTheme.objects.bulk_create(CaseTheme(case=case, theme=t) for t in sorted(set(themes)))
    datacache.bump(DATA)  # bulk_create sends no signal (the case's save raised it too)
    audit.record(request, audit.Action.CREATE, case, object_type=CASE_TYPE, user=by)
    return case


@transaction.atomic
def case_update(
    *, case: Case, by, themes: list[str], name: str | None = None, request=None, **fields
) -> Case:
    """Change a case's facts. Closing sets the closing date; reopening clears it."""
    if not themes:
        raise ValidationError(_("Choose at least one theme."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    _clean_envoy_fields(case.owner, fields)
    for key, value in fields.items():
        setattr(case, key, value)
    case.age_group = _age_group(case.birth_year, case.age_group, case.opened_on)
    if name is not None:
        case.name = name.strip()
    if case.status == Case.Status.CLOSED and case.closed_on is None:
        case.closed_on = timezone.localdate()
    if case.status == Case.Status.OPEN:
        case.closed_on = None
    case.full_clean(exclude=["reference", "registered_by"])
    case.save()
    current = set(case.themes.values_list("theme", flat=True))
    wanted = set(themes)
    case.themes.filter(theme__in=current - wanted).delete()
    CaseTheme.objects.bulk_create(CaseTheme(case=case, theme=t) for t in sorted(wanted - current))
    datacache.bump(DATA)  # bulk_create sends no signal
    audit.record(request, audit.Action.UPDATE, case, object_type=CASE_TYPE, user=by)
    return case


@transaction.atomic
def journal_entry_create(
    *,
    case: Case,
    by,
    date: datetime.date,
    entry_kind: str,
    text: str,
    follow_up_on: datetime.date | None = None,
    request=None,
) -> JournalEntry:
    """Add a journal entry; with ``follow_up_on``, also set when the case is followed up next."""
    entry = JournalEntry(case=case, author=by, date=date, entry_kind=entry_kind, text=text)
    entry.full_clean()
    entry.save()
    if follow_up_on and follow_up_on != case.follow_up_on:
        case.follow_up_on = follow_up_on
        case.save(update_fields=["follow_up_on", "updated_at"])
        audit.record(
            request,
            audit.Action.UPDATE,
            case,
            object_type=CASE_TYPE,
            detail="follow-up date set",
            user=by,
        )
    audit.record(
        request,
        audit.Action.CREATE,
        object_type="casework.journalentry",
        object_id=entry.pk,
        detail=f"case {case.pk}",
        user=by,
    )
    return entry


@transaction.atomic
def case_service_add(
    *,
    case: Case,
    by,
    service: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    request=None,
) -> CaseService:
    item = CaseService(case=case, service=service, started_on=started_on, ended_on=ended_on)
    item.full_clean()
    item.save()
    audit.record(
        request,
        audit.Action.UPDATE,
        case,
        object_type=CASE_TYPE,
        detail=f"service added: {service}",
        user=by,
    )
    return item


@transaction.atomic
def case_transfer(*, case: Case, to_owner: Advisor, reason: str, by, request=None) -> Case:
    """Move a case to another advisor (the coordinator's decision, with a reason).

    The row is locked so that two coordinators cannot move the same case at once; the former
    owner loses access the moment this commits.
    """
    # Lock the case row alone: a join in a FOR UPDATE query would make a waiting transfer
    # lose the row when the first one changes the owner (PostgreSQL re-checks the join).
    case = Case.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the transfer."))
    if to_owner.pk == case.owner_id:
        raise ValidationError(_("The case already belongs to this advisor."))
    if not to_owner.active or to_owner.user_id is None:
        raise ValidationError(_("The case can only go to an active advisor with a user account."))
    if to_owner.kind != case.kind:
        raise ValidationError(
            _("An advisor's case can only go to an advisor, an envoy's to an envoy.")
        )
    transfer = CaseTransfer.objects.create(
        case=case, from_owner=case.owner, to_owner=to_owner, reason=reason, by=by
    )
    case.owner = to_owner
    case.save(update_fields=["owner", "updated_at"])
    audit.record(
        request,
        audit.Action.TRANSFER,
        case,
        object_type=CASE_TYPE,
        detail=f"advisor {transfer.from_owner_id} -> {to_owner.pk}",
        user=by,
    )
    return case


@transaction.atomic
def cases_assign(
    *,
    from_owner: Advisor,
    to_owner: Advisor,
    reason: str,
    by,
    include_closed: bool = False,
    request=None,
) -> list[Case]:
    """Give all of one owner's cases (open ones, or all) to another advisor at once.

    For an advisor or envoy who is leaving, or whose account is gone: their cases would
    otherwise be visible to no owner at all. Each case moves by its own recorded transfer,
    with the same reason, so each case's history shows it; all or nothing.
    """
    if from_owner.pk == to_owner.pk:
        raise ValidationError(_("Choose another advisor than the one who has the cases now."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the transfer."))
    if not to_owner.active or to_owner.user_id is None:
        raise ValidationError(_("The case can only go to an active advisor with a user account."))
    if to_owner.kind != from_owner.kind:
        raise ValidationError(
            _("An advisor's case can only go to an advisor, an envoy's to an envoy.")
        )
    # In bulk, a fixed number of queries for any number of cases (hundreds for one owner at
    # the directorate's scale): the same rows locked (the case rows alone, as in
    # case_transfer), one recorded transfer and one audit event per case, as case_transfer.
    cases = Case.objects.filter(owner=from_owner)
    if not include_closed:
        cases = cases.filter(status=Case.Status.OPEN)
    moved = list(cases.select_for_update().order_by("pk"))
    if not moved:
        raise ValidationError(_("There are no cases to assign."))
    if any(case.kind != to_owner.kind for case in moved):
        raise ValidationError(
            _("An advisor's case can only go to an advisor, an envoy's to an envoy.")
        )
    ids = [case.pk for case in moved]
    CaseTransfer.objects.bulk_create(
        CaseTransfer(case=case, from_owner=from_owner, to_owner=to_owner, reason=reason, by=by)
        for case in moved
    )
    now = timezone.now()
    cases.update(owner=to_owner, updated_at=now)  # the rows locked above, no others
    datacache.bump(DATA)  # QuerySet.update sends no signal
    for case in moved:
        case.owner, case.updated_at = to_owner, now
    detail = f"advisor {from_owner.pk} -> {to_owner.pk}"
    if request is not None and request.user == by:
        audit.record_many(request, audit.Action.TRANSFER, CASE_TYPE, ids, detail=detail)
    else:
        for case in moved:
            audit.record(
                request, audit.Action.TRANSFER, case, object_type=CASE_TYPE, detail=detail, user=by
            )
    return moved


# The fields of an outreach entry its owner registers and may correct; never the advisor.
OUTREACH_FIELDS = ("date", "outreach_kind", "audience", "channel", "topic", "reached")


def _outreach_fields(fields: dict) -> dict:
    unknown = set(fields) - set(OUTREACH_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an outreach entry: {sorted(unknown)}")
    return fields


# Outreach is counted in the statistics and the annual report: its save() and delete() raise
# the casework data version when the transaction commits (datacache.track in casework.apps),
# so no cached figure outlives a change.


@transaction.atomic
def outreach_create(*, advisor: Advisor, by, request=None, **fields) -> Outreach:
    item = Outreach(advisor=advisor, **_outreach_fields(fields))
    item.full_clean()
    item.save()
    audit.record(request, audit.Action.CREATE, item, user=by)
    return item


@transaction.atomic
def outreach_update(*, item: Outreach, by, request=None, **fields) -> Outreach:
    """Correct an outreach entry (its owner's work: the caller has checked the access rule).
    The audit event names the fields that changed, not their content."""
    item = Outreach.objects.select_for_update().filter(pk=item.pk).first()
    if item is None:  # deleted meanwhile (in another tab)
        raise ValidationError(_("The activity has been deleted."))
    changed = []
    for key, value in _outreach_fields(fields).items():
        if getattr(item, key) != value:
            setattr(item, key, value)
            changed.append(key)
    item.full_clean()
    if changed:
        item.save(update_fields=changed)
    audit.record(
        request,
        audit.Action.UPDATE,
        item,
        detail=f"changed: {', '.join(changed)}" if changed else "no change",
        user=by,
    )
    return item


@transaction.atomic
def outreach_delete(*, item: Outreach, by, request=None) -> bool:
    """Delete an outreach entry (its owner's work: the caller has checked the access rule).
    False if it was already gone (a second click, another tab): nothing to delete or record."""
    item = Outreach.objects.select_for_update().filter(pk=item.pk).first()
    if item is None:
        return False
    pk, date, kind = item.pk, item.date, item.outreach_kind
    item.delete()
    audit.record(
        request,
        audit.Action.DELETE,
        object_type=OUTREACH_TYPE,
        object_id=pk,
        detail=f"{date.isoformat()} {kind}",
        user=by,
    )
    return True


# --- Retention --------------------------------------------------------------------------------


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    years = settings.CASEWORK_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def retention_candidates(today: datetime.date | None = None):
    """Closed cases whose closing date lies more than the retention period back."""
    return Case.objects.filter(
        status=Case.Status.CLOSED,
        closed_on__lt=retention_cutoff(today),
        anonymised_at__isnull=True,
    ).order_by("closed_on", "pk")


@transaction.atomic
def cases_anonymise(*, today: datetime.date | None = None, dry_run: bool = False) -> list[int]:
    """Anonymise closed cases past the retention period: journal, name, free text and the
    exact birth year and dates of return go; the statistical fields stay."""
    ids = list(retention_candidates(today).select_for_update().values_list("pk", flat=True))
    if dry_run or not ids:
        return ids
    JournalEntry.objects.filter(case_id__in=ids).delete()
    CaseTransfer.objects.filter(case_id__in=ids).update(reason="")
    Case.objects.filter(pk__in=ids).update(
        name_encrypted="",
        summary="",
        birth_year=None,
        returned_on=None,
        follow_up_on=None,
        anonymised_at=timezone.now(),
    )
    datacache.bump(DATA)  # QuerySet.update sends no signal
    audit.record_many(None, audit.Action.RETENTION, CASE_TYPE, ids)
    return ids
