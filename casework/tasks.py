from celery import shared_task

from casework import services


@shared_task(name="casework.tasks.apply_retention")
def apply_retention() -> int:
    """Nightly: anonymise closed cases past the retention period."""
    return len(services.cases_anonymise())
