from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from grants import models
        from grants.selectors import STATISTICS_DATA
        from imdi import datacache
        from imdi.models import County, Municipality

        # Every model the grant statistics count raises their version (imdi.datacache), so
        # cached figures are never read after a change. Bulk writes bump it themselves.
        for model in (
            models.Scheme,
            models.SchemeBudget,
            models.MunicipalAllocation,
            models.Organisation,
            models.Application,
            models.Decision,
            models.Participant,
            Municipality,
            County,
        ):
            datacache.track(model, STATISTICS_DATA)
