"""The Celery application. Tasks are thin: they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdi.settings")

app = Celery("imdi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
