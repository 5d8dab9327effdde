import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hr.models import EmployeeRecord


class EmployeeRecordTable(tables.Table):
    employee_id = tables.LinkColumn(
        "hr:record_edit",
        args=[tables.A("pk")],
        verbose_name=_("employee number"),
        attrs={"th": {"scope": "col"}},
    )
    annual_salary = tables.TemplateColumn(
        "{% load imdi_format %}{{ value|nok }}",
        verbose_name=_("annual salary (full time)"),
        attrs={"td": {"class": "num"}, "th": {"class": "num", "scope": "col"}},
    )
    fte_percent = tables.TemplateColumn(
        "{% load imdi_format %}{{ value|pct }}",
        verbose_name=_("position size (percent)"),
        attrs={"td": {"class": "num"}, "th": {"class": "num", "scope": "col"}},
    )

    caption = _("Employee records (salary converted to full time)")

    class Meta:
        model = EmployeeRecord
        fields = [
            "year",
            "employee_id",
            "gender",
            "position_category",
            "annual_salary",
            "fte_percent",
            "temporary",
            "hired_in_year",
            "left_in_year",
        ]
        attrs = {"class": "table table-sm", "th": {"scope": "col"}}
        template_name = "hr/records_table.html"
        order_by = ("-year", "employee_id")
        per_page = 50
        unlocalize = ("year",)
