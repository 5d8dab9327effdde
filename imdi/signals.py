"""Audit receivers for Django's login signals, and the login time for the absolute limit."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from imdi import audit

SESSION_LOGIN_AT = "imdi_login_at"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = int(time.time())
    audit.record(request, audit.Action.LOGIN, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, audit.Action.LOGOUT, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The password is never stored; the username is what was typed.
    audit.record(
        request, audit.Action.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150]
    )
