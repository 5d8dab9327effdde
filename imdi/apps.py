from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ImdiConfig(AppConfig):
    name = "imdi"
    verbose_name = _("Portal and reference data")

    def ready(self) -> None:
        from imdi import (
            choices_speedup,
            signals,  # noqa: F401  (login audit receivers)
            tables_speedup,
        )
        from imdi.refdata import ensure_reference_data

        tables_speedup.install()
        choices_speedup.install()

        post_migrate.connect(ensure_reference_data, sender=self)
