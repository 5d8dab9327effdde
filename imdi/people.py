"""Choosing a colleague in a form: a menu while the staff is small, a name field when it is not.

The directorate has a handful of grant officers and some sixty advisors: a menu of names is
the quickest way to pick one. A larger agency can have thousands, and a menu of every one of
them on every page costs seconds and is useless by hand. ``person_field`` reads at most
``MENU_LIMIT + 1`` people (one query either way): up to the limit it gives a menu of names,
beyond it a text field that takes a user name or a full name and finds exactly one person.
Either way the cleaned value is the user (or None).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext_lazy as _

MENU_LIMIT = 60
SHOWN_CANDIDATES = 10


def display_name(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


class PersonChoiceField(forms.ChoiceField):
    """A menu of the people read already; choosing one needs no further query."""

    def __init__(self, people, **kwargs):
        self.people = {str(person.pk): person for person in people}
        choices = [("", "---------")] + [(pk, display_name(p)) for pk, p in self.people.items()]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.people.get(value) if value else None


class PersonNameField(forms.CharField):
    """A user name or a full name that must match exactly one of ``queryset``."""

    def __init__(self, queryset, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault(
            "help_text", _("Write the person's user name or full name (first and last name).")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        lowered = text.lower()
        matches = list(
            self.queryset.annotate(
                _full=Lower(Concat("first_name", Value(" "), "last_name"))
            ).filter(Q(username__iexact=text) | Q(_full=lowered))[: SHOWN_CANDIDATES + 1]
        )
        exact = [p for p in matches if p.username.lower() == lowered]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _("Nobody who can be chosen here has the user name or name “%(text)s”."),
                params={"text": text},
                code="unknown",
            )
        names = ", ".join(display_name(p) for p in matches[:SHOWN_CANDIDATES])
        raise forms.ValidationError(
            _("Several people are called “%(text)s”: write the user name of one of %(names)s."),
            params={"text": text, "names": names},
            code="ambiguous",
        )


def person_field(queryset, *, label, required=True, limit=None, **kwargs) -> forms.Field:
    """A menu of ``queryset`` (ordered as it should be shown) if it has at most ``limit``
    (MENU_LIMIT) people, otherwise a name field over it."""
    limit = MENU_LIMIT if limit is None else limit
    people = list(queryset[: limit + 1])
    if len(people) <= limit:
        return PersonChoiceField(people, label=label, required=required, **kwargs)
    return PersonNameField(queryset, label=label, required=required, **kwargs)
