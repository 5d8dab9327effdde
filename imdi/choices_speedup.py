"""``get_FOO_display()`` without rebuilding the field's choices on every call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on
each call, and ``make_hashable`` hashes every (value, label) pair, which translates every lazy
label: a case page calls it some sixty times (statuses, kinds, countries of its journal and
metadata), a fifth of the page's time. The choices of a field are fixed while the process
runs, so the dictionary is kept per field; the labels stay lazy and are translated when read,
in the language of the request, as before. Fields whose choices are computed (a callable)
are left to Django. ``install()`` is called once, from ``ImdiConfig.ready``.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.choices import BaseChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_original = Model._get_FIELD_display
_kept: dict = {}


def _choices(field) -> dict | None:
    try:
        return _kept[field]
    except KeyError:
        pass
    if isinstance(field.choices, BaseChoiceIterator):  # computed choices: may change
        return None
    choices = dict(make_hashable(field.flatchoices))
    _kept[field] = choices
    return choices


def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
    choices = _choices(field)
    if choices is None:
        return _original(self, field)
    value = getattr(self, field.attname)
    return force_str(choices.get(make_hashable(value), value), strings_only=True)


def install() -> None:
    """Point every model's Django-made ``get_FOO_display`` at the kept choices. Django binds
    them (``partialmethod(cls._get_FIELD_display, field=...)``) when the model class is
    made, so each is replaced; one a model defines itself is left alone."""
    Model._get_FIELD_display = _get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            made = model.__dict__.get(name)
            if isinstance(made, partialmethod) and made.func is _original:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))
