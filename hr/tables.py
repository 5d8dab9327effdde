import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hr.models import EmployeeRecord

# Words, not only a tick or a cross.
YES_NO = (_("Yes"), _("No"))


class EmployeeRecordTable(tables.Table):
    employee_id = tables.LinkColumn(
        "hr:record_edit",
        args=[tables.A("pk")],
        attrs={"th": {"scope": "col"}},
    )
    annual_salary = tables.TemplateColumn(
        "{% load imdi_format %}{{ value|nok }}",
        attrs={"td": {"class": "num"}, "th": {"class": "num", "scope": "col"}},
    )
    fte_percent = tables.TemplateColumn(
        "{% load imdi_format %}{{ value|pct }}",
        attrs={"td": {"class": "num"}, "th": {"class": "num", "scope": "col"}},
    )
    temporary = tables.BooleanColumn(yesno=YES_NO, attrs={"th": {"scope": "col"}})
    hired_in_year = tables.BooleanColumn(yesno=YES_NO, attrs={"th": {"scope": "col"}})
    left_in_year = tables.BooleanColumn(yesno=YES_NO, attrs={"th": {"scope": "col"}})
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
