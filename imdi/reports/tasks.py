"""Celery tasks for the annual report: thin adapters that load by id and call a service."""

from celery import shared_task
from django.conf import settings

from imdi.reports import services


@shared_task(
    name="imdi.reports.tasks.run_export",
    bind=True,
    # Acknowledged only when finished: a worker killed in the middle leaves the message to
    # be delivered again, and the service's claim makes that second delivery safe.
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def run_export(self, export_id: int) -> str:
    outcome = services.export_run(export_id=export_id, keep_alive=not self.request.is_eager)
    if outcome == "busy":
        # Another worker holds the export. Come back when it would count as stalled; the
        # export finishes in the meantime or is taken over then.
        retries_allowed = settings.REPORT_EXPORT_TIME_LIMIT // settings.REPORT_EXPORT_STALE_SECONDS
        if self.request.retries < retries_allowed + 2:
            raise self.retry(countdown=settings.REPORT_EXPORT_STALE_SECONDS + 1)
    return outcome


@shared_task(name="imdi.reports.tasks.scheduled_annual_report")
def scheduled_annual_report() -> int | None:
    export = services.export_schedule_annual()
    return export.pk if export else None


@shared_task(name="imdi.reports.tasks.recover_stale_exports")
def recover_stale_exports() -> dict:
    return services.exports_recover_stale()
