from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrConfig(AppConfig):
    name = "hr"
    label = "hr"
    verbose_name = _("HR equality data")

    def ready(self):
        from django.db.models.signals import post_save

        from hr.models import EmployeeRecord

        # The cached HR figures (hr.selectors.figures) are aggregates of the employee
        # records: a record saved one by one (the correction form, the admin) raises their
        # version. Only saves: a delete signal would make Django fetch and signal every row
        # the import's bulk delete removes, so the writers that delete or bulk-create
        # (hr.services.employee_records_replace, the admin's delete) call
        # datacache.bump("hr") themselves.
        post_save.connect(
            _records_changed, sender=EmployeeRecord, dispatch_uid="hr:datacache:record-save"
        )


def _records_changed(sender, **kwargs):
    from imdi import datacache

    datacache.bump("hr")
