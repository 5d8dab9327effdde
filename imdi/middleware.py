import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from imdi.roles import requires_two_factor
from imdi.signals import SESSION_LOGIN_AT

# Pages a logged-in user reaches before the second factor is verified.
_TWO_FACTOR_EXEMPT_NAMES = {
    "logout",
    "otp_verify",
    "otp_setup",
    "set_language",
    "healthz",
    "login",
}


SESSION_RENEWED_AT = "imdi_renewed_at"


class SessionLifetimeMiddleware:
    """Ends a login after 30 idle minutes, and 12 hours after it started however active.

    The idle limit is the session's server-side expiry (SESSION_COOKIE_AGE). Activity renews
    it, but at most once a minute (IMDI_SESSION_RENEW_SECONDS): saving the session on every
    request cost three queries (BEGIN, UPDATE, COMMIT) and a row lock per page. A login
    therefore ends between 29 and 30 minutes after the last request: never later.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_LOGIN_AT)
            renewed = request.session.get(SESSION_RENEWED_AT, started or 0)
            if (
                started is None
                or now - started > settings.IMDI_SESSION_MAX_SECONDS
                or now - renewed > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - renewed >= settings.IMDI_SESSION_RENEW_SECONDS:
                # A changed session is saved, which moves its expiry SESSION_COOKIE_AGE on.
                request.session[SESSION_RENEWED_AT] = int(now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Asks for the second factor.

    A user who has a confirmed TOTP device is always asked for it. The casework roles, and
    everyone on the admin site, must have one: they are sent to set it up. The demo switch
    (IMDI_DEMO_WITHOUT_2FA) lifts the requirement but not the prompt for users with a device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            match = _resolve(request.path_info)
            if (match.url_name if match else None) not in _TWO_FACTOR_EXEMPT_NAMES:
                from django_otp import devices_for_user

                back = urlencode({"next": request.get_full_path()})
                if any(devices_for_user(user, confirmed=True)):
                    return redirect(f"{reverse('otp_verify')}?{back}")
                required = requires_two_factor(user) or request.path.startswith("/admin/")
                if required and not settings.IMDI_DEMO_WITHOUT_2FA:
                    return redirect(f"{reverse('otp_setup')}?{back}")
        return self.get_response(request)


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None


class NoStoreMiddleware:
    """Pages behind login may carry personal data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/konto/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class RefusalAuditMiddleware:
    """Every refused access (403, or 404 for a record the user may not see) is recorded.

    A view that records the refusal itself, with the record's type and id, is not recorded
    twice; any other refusal is recorded here with the page's name and the path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (403, 404)
            and request.user.is_authenticated
            and not getattr(request, "_imdi_refusal_recorded", False)
        ):
            from imdi import audit

            match = request.resolver_match
            audit.record(
                request,
                audit.Action.ACCESS_REFUSED,
                object_type="page",
                object_id=(match.view_name if match else "")[:64],
                detail=str(response.status_code),
            )
        return response


class ChosenLanguageMiddleware:
    """Norwegian bokmål for everyone, English only for a user who chose it.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the directorate's
    portal speaks Norwegian unless the user picks another language in the header (kept in
    the language cookie by ``set_language``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
