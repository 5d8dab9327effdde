from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from imdi.navigation import menu_for
from imdi.roles import ROLE_DESCRIPTIONS, Role, user_roles


def home(request):
    roles = user_roles(request.user)
    descriptions = [ROLE_DESCRIPTIONS[r] for r in Role if r in roles]
    return render(
        request,
        "home.html",
        {"sections": menu_for(request.user), "role_descriptions": descriptions},
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        return False


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "unreachable"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database = "ok" if _database_ok() else "unreachable"
    broker = _broker_state()
    healthy = database == "ok" and broker in ("ok", "in-process")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
