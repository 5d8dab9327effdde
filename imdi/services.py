"""Writes shared by the whole portal: roles and schedules kept in step with the code."""

import json

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from imdi.roles import ROLE_PERMISSIONS, Role

ACTIONS = ("add", "change", "delete", "view")


def _permissions_for(spec: str) -> list[Permission]:
    app_label, _, name = spec.partition(".")
    perms = Permission.objects.filter(content_type__app_label=app_label)
    if any(name.startswith(f"{action}_") for action in ACTIONS):
        return list(perms.filter(codename=name))
    return list(perms.filter(content_type__model=name))


@transaction.atomic
def roles_sync() -> list[str]:
    """Make every role's group hold exactly its declared permissions. Safe to run again."""
    report = []
    for role in Role:
        group, created = Group.objects.get_or_create(name=str(role))
        wanted: set[Permission] = set()
        missing = []
        for spec in ROLE_PERMISSIONS[role]:
            found = _permissions_for(spec)
            if not found:
                missing.append(spec)
            wanted.update(found)
        group.permissions.set(wanted)
        line = f"{'created' if created else 'updated'} {role}: {len(wanted)} permissions"
        if missing:
            line += f" (not found: {', '.join(missing)})"
        report.append(line)
    return report


@transaction.atomic
def schedules_sync() -> list[str]:
    """Create the declared periodic tasks that do not exist yet. A task already in the
    database keeps the schedule an administrator may have given it."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    report = []
    for name, entry in settings.IMDI_PERIODIC_TASKS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            report.append(f"kept {name}")
            continue
        cron = entry["schedule"]
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=cron._orig_minute,
            hour=cron._orig_hour,
            day_of_week=cron._orig_day_of_week,
            day_of_month=cron._orig_day_of_month,
            month_of_year=cron._orig_month_of_year,
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(
            name=name,
            task=entry["task"],
            crontab=crontab,
            description=str(entry.get("description", "")),
            expire_seconds=entry.get("expires"),
            kwargs=json.dumps(entry.get("kwargs", {})),
        )
        report.append(f"created {name}")
    return report


def sessions_clear_expired() -> int:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
