"""Celery: JSON only, tasks must not be lost, and a real worker on Redis runs a task end to end."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from imdi.celery import app
from imdi.tasks import clear_expired_sessions
from tests.worker import wait_for


def test_celery_speaks_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]


def test_tasks_that_must_not_be_lost_are_acknowledged_late():
    app.loader.import_default_modules()
    for name in ("imdi.tasks.clear_expired_sessions", "imdi.reports.tasks.run_export"):
        task = app.tasks[name]
        assert task.acks_late and task.reject_on_worker_lost, name


def test_every_scheduled_task_exists():
    from django.conf import settings

    app.loader.import_default_modules()
    for name, entry in settings.IMDI_PERIODIC_TASKS.items():
        assert entry["task"] in app.tasks, name
        assert entry["expires"] > 0


def _sessions():
    now = timezone.now()
    Session.objects.create(
        session_key="a" * 32, session_data="x", expire_date=now - timedelta(minutes=1)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="x", expire_date=now + timedelta(minutes=30)
    )


@pytest.mark.django_db
def test_without_a_broker_the_task_runs_in_process(settings):
    assert (not settings.CELERY_BROKER_URL) == settings.CELERY_TASK_ALWAYS_EAGER
    _sessions()
    assert clear_expired_sessions.apply().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_the_task_end_to_end(celery_worker):
    _sessions()
    clear_expired_sessions.delay()
    wait_for(lambda: not Session.objects.filter(session_key="a" * 32).exists(), timeout=60)
    assert Session.objects.filter(session_key="b" * 32).exists()
