"""The audit trail: one function that every app calls to record an event.

An entry says who, when, from which address, which record and which action. Callers pass
record identifiers and short facts only; the content of a record never goes in.
"""

from __future__ import annotations

from django.db import models

from imdi.models import AuditEvent

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _type_and_id(obj: models.Model | None, object_type: str, object_id) -> tuple[str, str]:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id in (None, "") else object_id
    return object_type or "", "" if object_id is None else str(object_id)


def record(
    request=None,
    action: str = Action.VIEW,
    obj: models.Model | None = None,
    *,
    user=None,
    object_type: str = "",
    object_id: str | int | None = None,
    detail: str = "",
    username: str = "",
) -> AuditEvent:
    """Append an event. ``request`` gives the user, address and path; ``user`` overrides it
    for work done outside a request (tasks, commands)."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    object_type, object_id = _type_and_id(obj, object_type, object_id)
    if action == Action.ACCESS_REFUSED and request is not None:
        # RefusalAuditMiddleware records refusals the view did not; this one it has.
        request._imdi_refusal_recorded = True
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        ip_address=client_ip(request),
        action=action,
        object_type=object_type[:60],
        object_id=object_id[:64],
        path=(request.path[:300] if request is not None else ""),
        detail=detail[:300],
    )


def record_many(request, action: str, object_type: str, ids, *, detail: str = "") -> None:
    """Record one event per record, e.g. for an export, in a single insert."""
    user = request.user if request is not None and request.user.is_authenticated else None
    events = [
        AuditEvent(
            user=user,
            username=user.get_username() if user else "",
            ip_address=client_ip(request),
            action=action,
            object_type=object_type,
            object_id=str(pk),
            path=request.path[:300] if request is not None else "",
            detail=detail[:300],
        )
        for pk in ids
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def history_for(obj: models.Model | None = None, *, object_type: str = "", object_id=None):
    """Events for one record, newest first."""
    object_type, object_id = _type_and_id(obj, object_type, object_id)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).select_related(
        "user"
    )
