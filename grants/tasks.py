"""Celery tasks: thin adapters that load by id and call a service."""

from celery import shared_task


@shared_task
def render_decision_letter(decision_id: int) -> None:
    from grants.services import decision_letter_render

    decision_letter_render(decision_id=decision_id)
