"""Tables look exactly as django-tables2's own template draws them, cell for cell."""

import datetime
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.html import format_html

pytestmark = pytest.mark.django_db

PACKAGE_TEMPLATE = "django_tables2/bootstrap5.html"


class Sample(tables.Table):
    name = tables.Column(attrs={"td": {"class": "navn", "data-x": lambda value: value}})
    amount = tables.Column(attrs={"td": {"class": "text-end"}})
    share = tables.Column(localize=True)
    raw = tables.Column(localize=False)
    when = tables.DateColumn()
    flag = tables.BooleanColumn()
    missing = tables.Column(default="–")
    link = tables.Column(empty_values=())

    def render_link(self, record):
        return format_html('<a href="/x/{}/">{}</a>', record["id"], record["name"])

    class Meta:
        attrs = {"class": "table", "tbody": {"class": "kropp"}}
        row_attrs = {"data-id": lambda record: record["id"]}
        orderable = False


ROWS = [
    {
        "id": 1,
        "name": 'Bærum & "Asker" <kommune>',
        "amount": 1238300,
        "share": Decimal("98.125"),
        "raw": 1234.5,
        "when": datetime.date(2026, 11, 25),
        "flag": True,
        "missing": None,
    },
    {
        "id": 2,
        "name": "Oslo",
        "amount": Decimal("-12.50"),
        "share": 0.5,
        "raw": 7,
        "when": None,
        "flag": False,
        "missing": "",
    },
]


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _package_body(table, request) -> str:
    """The tbody as django-tables2's own template draws it (our override bypassed)."""
    package = engines["django"].engine.find_template(PACKAGE_TEMPLATE, skip=[_our_origin()])[0]
    assert "row.items" in package.source  # the package's own template, not ours
    block = package.source.split("{% block table.tbody %}")[1].split("{% endblock table.tbody %}")
    source = "{% load django_tables2 i18n l10n %}" + block[0]
    return engines["django"].from_string(source).render({"table": table}, request)


def _our_origin():
    template = engines["django"].engine.find_template(PACKAGE_TEMPLATE)[0]
    return template.origin


def _our_body(table, request) -> str:
    html = render_to_string(PACKAGE_TEMPLATE, {"table": table}, request)
    return "<tbody" + html.split("<tbody", 1)[1].split("</tbody>", 1)[0] + "</tbody>"


@pytest.mark.parametrize("rows", [ROWS, []])
def test_the_body_is_the_packages_markup(rows):
    request = RequestFactory().get("/")
    table = Sample(rows, empty_text="Ingen treff")
    ours = _normalise(_our_body(table, request))
    assert ours == _normalise(_package_body(table, request))
    if rows:
        assert "Bærum &amp; &quot;Asker&quot; &lt;kommune&gt;" in ours
        assert '<a href="/x/1/">' in ours  # a column's own HTML is kept
        assert 'data-id="2"' in ours
    else:
        assert "Ingen treff" in ours


def test_the_portals_tables_use_it():
    template = engines["django"].engine.find_template(PACKAGE_TEMPLATE)[0]
    assert "table_body" in template.source
