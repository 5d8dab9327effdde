"""The select renderer gives exactly the markup of Django's own templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi.forms_renderer import FormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Oslo"),
    (3, 'Bærum & "Asker" <kommune>'),
    ("Vestland", [("4601", "Bergen"), ("4640", "Sogndal")]),
    ("lazy", gettext_lazy("Applications")),
    ("safe", mark_safe("<b>trygg</b>")),
]


class SampleForm(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    marked = forms.ChoiceField(
        choices=CHOICES[:3],
        widget=forms.Select(attrs={"class": "form-select", "disabled": True, "hidden": False}),
    )
    number = forms.TypedChoiceField(choices=[(1, "en"), (2, "to")], coerce=int)


def _both(form_data):
    ours = SampleForm(form_data, renderer=FormRenderer())
    django = SampleForm(form_data, renderer=DjangoTemplates())
    return ours, django


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "a", "many": ["a", "3"], "marked": "3", "number": "2"},
        {"one": "4601", "many": ["4640", "safe"]},
        {"one": "not a choice"},
    ],
)
def test_every_select_is_rendered_as_django_renders_it(data):
    ours, django = _both(data)
    for name in SampleForm.base_fields:
        assert str(ours[name]) == str(django[name]), name


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.text(max_size=12), min_size=1, max_size=6),
    chosen=st.integers(min_value=0, max_value=5),
)
def test_any_labels_and_choice_render_the_same(labels, chosen):
    choices = [(str(i), label) for i, label in enumerate(labels)]
    field = forms.ChoiceField(choices=choices, required=False)
    value = str(chosen)
    assert field.widget.render("f", value, renderer=FormRenderer()) == field.widget.render(
        "f", value, renderer=DjangoTemplates()
    )


def test_the_portal_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "imdi.forms_renderer.FormRenderer"
    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), FormRenderer)
