"""Tasks that belong to the portal as a whole. Thin: each calls a service."""

from celery import shared_task

from imdi import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def clear_expired_sessions() -> int:
    """Remove sessions past their expiry, so that an idle login leaves nothing behind."""
    return services.sessions_clear_expired()
