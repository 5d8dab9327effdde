"""Every get_FOO_display() of the portal answers as Django's own, in both languages."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from imdi import choices_speedup

PORTAL_APPS = {"imdi", "grants", "casework", "hr", "reports", "auth"}


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        for field in model._meta.fields:
            if field.choices:
                yield model, field


def test_installed_by_the_portal_on_every_models_display_method():
    assert Model._get_FIELD_display is choices_speedup._get_FIELD_display
    from casework.models import Case

    assert Case.__dict__["get_status_display"].func is choices_speedup._get_FIELD_display
    for model, field in _choice_fields():
        made = model.__dict__.get(f"get_{field.name}_display")
        if made is not None and hasattr(made, "func"):
            assert made.func is choices_speedup._get_FIELD_display, (model, field)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_choice_and_an_unknown_value_display_as_django_displays_them(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            values = [value for value, _label in field.flatchoices] + ["no-such-code", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                display = getattr(instance, f"get_{field.name}_display", None)
                ours = display() if display else choices_speedup._get_FIELD_display(instance, field)
                assert ours == choices_speedup._original(instance, field), (field, value)
                assert type(ours) is type(choices_speedup._original(instance, field))
                checked += 1
    assert checked > 100  # the portal's statuses, kinds, countries, genders, ...


def test_labels_follow_the_language_of_the_moment():
    from casework.models import Case

    field = Case._meta.get_field("status")
    value = field.flatchoices[0][0]
    case = Case(status=value)
    with translation.override("nb"):
        norwegian = case.get_status_display()
    with translation.override("en"):
        english = case.get_status_display()
    assert norwegian != english
