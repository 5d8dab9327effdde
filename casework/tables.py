from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.models import Advisor, Case, Outreach

DATE = "SHORT_DATE_FORMAT"


class DateColumn(tables.DateColumn):
    """django-tables2's DateColumn, without compiling its one-line template for every cell:
    the same text (the ``date`` filter is ``date_format``), a tenth of the cost."""

    # An empty date shows the column's default, as the template's |default did.
    empty_values = (None, "")

    def __init__(self, *args, **kwargs):
        super().__init__(DATE, *args, **kwargs)

    def render(self, value):
        return date_format(value, DATE)


class CaptionedTable(tables.Table):
    """A table whose template writes a <caption> (set ``caption`` on the instance)."""

    caption = ""

    class Meta:
        template_name = "casework/_table.html"
        attrs = {"class": "table table-sm align-middle"}


class MyCaseTable(CaptionedTable):
    reference = tables.Column(
        verbose_name=_("Reference"), linkify=("casework:case_detail", {"pk": tables.A("pk")})
    )
    opened_on = DateColumn(verbose_name=_("Opened"))
    status = tables.Column(verbose_name=_("Status"))
    themes = tables.Column(verbose_name=_("Themes"), empty_values=(), orderable=False)
    # render_follow_up_on writes its own "–" for no date.
    follow_up_on = DateColumn(verbose_name=_("Follow up by"), empty_values=())
    last_entry_on = DateColumn(verbose_name=_("Last journal entry"))
    entries = tables.Column(verbose_name=_("Journal entries"))

    class Meta(CaptionedTable.Meta):
        model = Case
        fields = [
            "reference",
            "opened_on",
            "status",
            "themes",
            "follow_up_on",
            "last_entry_on",
            "entries",
        ]
        empty_text = _("No cases.")

    def render_themes(self, record):
        return ", ".join(str(label) for label in record.theme_labels())

    def render_follow_up_on(self, value, record):
        if value is None:
            return "–"
        date = date_format(value, DATE)
        if record.follow_up_due(timezone.localdate()):
            return format_html(
                '<span class="badge text-bg-warning">{}</span> {}', _("Follow-up due"), date
            )
        return date


class OverviewTable(CaptionedTable):
    reference = tables.Column(
        verbose_name=_("Reference"), linkify=("casework:case_detail", {"pk": tables.A("pk")})
    )
    kind = tables.Column(verbose_name=_("Kind"))
    owner = tables.Column(verbose_name=_("Owner"), accessor="owner", order_by=("owner__workplace",))
    county = tables.Column(verbose_name=_("County"))
    opened_on = DateColumn(verbose_name=_("Opened"))
    closed_on = DateColumn(verbose_name=_("Closed"))
    status = tables.Column(verbose_name=_("Status"))
    transfer = tables.LinkColumn(
        "casework:case_transfer",
        args=[tables.A("pk")],
        text=_("Transfer"),
        verbose_name=_("Action"),
        orderable=False,
        empty_values=(),
    )

    class Meta(CaptionedTable.Meta):
        model = Case
        fields = ["reference", "kind", "owner", "county", "opened_on", "closed_on", "status"]
        empty_text = _("No cases.")


class CaseloadTable(CaptionedTable):
    owner = tables.Column(verbose_name=_("Advisor or envoy"), accessor="pk", orderable=False)
    kind = tables.Column(verbose_name=_("Kind"))
    county = tables.Column(verbose_name=_("County"), accessor="municipality__county")
    open_cases = tables.Column(verbose_name=_("Open cases"))
    all_cases = tables.Column(verbose_name=_("All cases"))

    class Meta(CaptionedTable.Meta):
        model = Advisor
        fields = ["owner", "kind", "county", "open_cases", "all_cases"]
        orderable = False

    def render_owner(self, record):
        if not record.user_id:
            return str(record)
        # The owner's cases: the case list above, narrowed to this owner.
        url = "{}?{}".format(
            reverse("casework:overview"), urlencode({"owner": record.user.username})
        )
        return format_html('<a href="{}">{}</a>', url, str(record))


def outreach_name(item: Outreach) -> str:
    """Which outreach entry, in words: for the links' accessible names, titles, messages."""
    return _("“%(topic)s” on %(date)s") % {
        "topic": item.topic,
        "date": date_format(item.date, DATE),
    }


class OutreachTable(CaptionedTable):
    """The owner's own entries, each with links to correct or delete it."""

    date = DateColumn(verbose_name=_("Date"))
    actions = tables.Column(verbose_name=_("Actions"), empty_values=(), orderable=False)

    class Meta(CaptionedTable.Meta):
        model = Outreach
        fields = ["date", "outreach_kind", "audience", "channel", "topic", "reached", "actions"]
        empty_text = _("No activities registered yet.")

    def render_actions(self, record):
        # The links' accessible names say which entry: "Endre «Foredrag» 01.02.2024".
        which = outreach_name(record)
        link = '<a href="{}" class="me-2">{}<span class="visually-hidden"> {}</span></a>'
        return format_html(
            link + link.replace(' class="me-2"', ""),
            reverse("casework:outreach_edit", args=[record.pk]),
            pgettext_lazy("outreach entry", "Change"),
            which,
            reverse("casework:outreach_delete", args=[record.pk]),
            pgettext_lazy("outreach entry", "Delete"),
            which,
        )
