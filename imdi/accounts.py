"""Login glue: the lock-out page (django-axes) and the TOTP views (django-otp)."""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdi import audit
from imdi.roles import requires_two_factor


def lockout_response(request, credentials, *args, **kwargs):
    """What a locked-out user sees (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _safe_next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit.record(request, audit.Action.OTP_VERIFIED)
            return redirect(_safe_next(request))
        audit.record(request, audit.Action.OTP_FAILED)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(request, "account/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Create an unconfirmed TOTP device, show it as a QR code, confirm it with a code."""
    if request.user.is_verified():
        messages.info(request, _("Two-factor login is already set up."))
        return redirect("home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(request, audit.Action.OTP_VERIFIED, obj=device, detail="setup")
            messages.success(request, _("Two-factor login is set up."))
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("The code is wrong. Check the clock on your phone and try again.")
        )
    qr_svg = segno.make(device.config_url, micro=False).svg_inline(
        scale=4, title=_("QR code for the authenticator app")
    )
    secret = device.config_url.split("secret=")[1].split("&")[0]
    if requires_two_factor(request.user):
        why = _("Your role handles sensitive personal data and needs a second factor.")
    elif _safe_next(request).startswith("/admin/"):
        why = _("The admin site needs a second factor.")
    else:
        why = _("A second factor protects your account even if your password is stolen.")
    return render(
        request,
        "account/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _safe_next(request), "why": why},
    )
