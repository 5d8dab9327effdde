from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImdiConfig(AppConfig):
    name = "imdi"
    verbose_name = _("Portal and reference data")

    def ready(self) -> None:
        from imdi import signals  # noqa: F401  (login audit receivers)
