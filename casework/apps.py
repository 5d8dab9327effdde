from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    label = "casework"
    verbose_name = _("Casework register")

    def ready(self):
        from casework.models import Case, CaseTheme, Outreach
        from casework.selectors import DATA
        from imdi import datacache
        from imdi.models import County

        # Everything the cached statistics count (casework.selectors): a write to any of
        # these raises the version, so no figure is read after the data behind it changed.
        # Bulk writes (QuerySet.update, bulk_create) call datacache.bump(DATA) themselves.
        for model in (Case, CaseTheme, Outreach, County):
            datacache.track(model, DATA)
