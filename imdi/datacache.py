"""Figures computed once per version of the data behind them.

A statistic over the whole register (a year's equality table, the case statistics, the grant
statistics) reads every row it counts; at a hundred times the directorate's volume that is
seconds per page. Such figures change only when the data does, so they are kept in Django's
cache under a key that carries the data's version::

    from imdi import datacache

    figures = datacache.cached("hr", ("equality_table", year, public), lambda: compute(year))

``cached`` reads the version (one indexed query), and computes the figures only if nothing is
stored for that version yet. Every write to the data raises the version:

* ``datacache.track(Model, "hr")`` (in the app's ``AppConfig.ready``) raises it after every
  ``save()`` and ``delete()`` of the model, and after changes of its many-to-many fields;
* bulk writes that send no signals (``bulk_create``, ``QuerySet.update()``/``delete()``, COPY)
  call ``datacache.bump("hr")`` themselves, in the same transaction.

The version is raised when the transaction commits (``transaction.on_commit``), never inside
it: no writer waits for another on the version row, and a reader can never store figures
without the new rows under the new version (it reads the version after the commit, then the
data). A test that writes and then reads cached figures in one test must let the commit
callbacks run (pytest-django's ``django_capture_on_commit_callbacks(execute=True)``), as
production does.

What may be cached: aggregate figures as the page shows them, never a person's data or
anything whose visibility depends on the user beyond the role (the key must then carry it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

CACHE_ALIAS = "default"
TIMEOUT = 6 * 60 * 60  # seconds; versions make entries stale, this only frees memory
_MISSING = object()


def version(name: str) -> str:
    """The current version of a body of data, e.g. ``'3f9a2c71d0e4b8a5.42'``."""
    from imdi.models import DataVersion

    row = DataVersion.objects.filter(name=name).values_list("token", "number").first()
    if row is None:
        try:
            with transaction.atomic():
                created = DataVersion.objects.create(name=name)
        except IntegrityError:  # created by a concurrent request
            created = DataVersion.objects.get(name=name)
        row = (created.token, created.number)
    return f"{row[0]}.{row[1]}"


def _raise(name: str) -> None:
    from imdi.models import DataVersion

    if not DataVersion.objects.filter(name=name).update(number=F("number") + 1):
        version(name)  # first write ever: create the row; no figures were cached before it


def bump(name: str) -> None:
    """Raise the version of ``name`` when the current transaction commits."""
    transaction.on_commit(lambda: _raise(name))


def _key(name: str, key: Hashable, current: str) -> str:
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return f"datacache:{name}:{current}:{digest}"


def cached(name: str, key: Hashable, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The figures for ``key`` at the current version of ``name``; computed at most once."""
    cache = caches[CACHE_ALIAS]
    cache_key = _key(name, key, version(name))
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, timeout)
    return value


def track(model, name: str) -> None:
    """Raise the version of ``name`` after every save or delete of ``model`` (and m2m)."""

    def on_write(sender, **kwargs):
        bump(name)

    uid = f"datacache:{name}:{model._meta.label}"
    post_save.connect(on_write, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(on_write, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            on_write,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}:{field.name}:m2m",
        )
