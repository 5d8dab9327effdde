"""Login, lock-out, two-factor and session rules of the foundation (issue 2)."""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdi.middleware import SESSION_RENEWED_AT
from imdi.models import AuditEvent
from imdi.signals import SESSION_LOGIN_AT

pytestmark = pytest.mark.django_db
PASSWORD = "riktig-hest-batteri-stift"


def post_login(client, username, password, ip="10.0.0.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


class TestLockout:
    def test_sixth_attempt_is_locked_even_with_the_right_password(self, client, personas):
        for _ in range(4):
            assert post_login(client, "hr", "feil-passord").status_code == 200
        # The fifth failure locks the combination ...
        assert post_login(client, "hr", "feil-passord").status_code == 429
        # ... and the sixth attempt is refused even with the right password.
        response = post_login(client, "hr", PASSWORD)
        assert response.status_code == 429
        assert "For mange mislykkede innlogginger" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # Every refused attempt is recorded, the one refused by the lock too.
        assert AuditEvent.objects.filter(action="login_failed", username="hr").count() == 6

    def test_lock_is_per_username_and_address(self, client, personas):
        for _ in range(5):
            post_login(client, "hr", "feil-passord", ip="10.0.0.7")
        # The same user from another address, and another user from the same address, log in.
        assert post_login(client, "hr", PASSWORD, ip="10.0.0.8").status_code == 302
        client.logout()
        assert post_login(client, "leder", PASSWORD, ip="10.0.0.7").status_code == 302

    def test_wrong_password_says_so_in_norwegian(self, client, personas):
        response = post_login(client, "hr", "feil-passord")
        assert "Vennligst oppgi korrekt brukernavn og passord" in response.content.decode()


class TestTwoFactor:
    def test_advisor_must_set_up_a_second_factor(self, client, personas, settings):
        settings.IMDI_DEMO_WITHOUT_2FA = False
        assert post_login(client, "radgiver1", PASSWORD).status_code == 302
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("otp_setup"))

        page = client.get(reverse("otp_setup"))
        assert page.status_code == 200 and "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=personas["advisor"], confirmed=False)

        wrong_code = "000000" if current_code(device) != "000000" else "111111"
        wrong = client.post(reverse("otp_setup"), {"token": wrong_code})
        assert "Koden er feil" in wrong.content.decode()
        # django-otp throttles after a failure; a user would wait a second.
        device.refresh_from_db()
        device.throttle_reset()
        ok = client.post(reverse("otp_setup"), {"token": current_code(device), "next": "/"})
        assert ok.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/").status_code == 200

    def test_user_with_a_device_is_asked_for_the_code_at_every_login(self, client, personas):
        device = TOTPDevice.objects.create(user=personas["hr"], name="app", confirmed=True)
        post_login(client, "hr", PASSWORD)
        response = client.get("/")
        assert response["Location"].startswith(reverse("otp_verify"))
        bad = client.post(reverse("otp_verify"), {"token": "12345x"})
        assert bad.status_code == 200
        assert "Koden er feil eller utløpt" in bad.content.decode()
        device.refresh_from_db()
        device.throttle_reset()
        good = client.post(reverse("otp_verify"), {"token": current_code(device), "next": "/"})
        assert good.status_code == 302 and good["Location"] == "/"
        assert client.get("/").status_code == 200
        assert AuditEvent.objects.filter(action="otp_verified", username="hr").exists()

    def test_roles_without_sensitive_data_may_skip_two_factor(self, client, personas, settings):
        settings.IMDI_DEMO_WITHOUT_2FA = False
        post_login(client, "hr", PASSWORD)
        assert client.get("/").status_code == 200

    def test_admin_site_requires_a_second_factor(self, client, personas, settings):
        settings.IMDI_DEMO_WITHOUT_2FA = False
        post_login(client, "admin", PASSWORD)
        response = client.get("/admin/")
        assert response["Location"].startswith(reverse("otp_setup"))

    def test_demo_switch_lifts_the_requirement_and_shows_a_banner(self, client, personas, settings):
        settings.IMDI_DEMO_WITHOUT_2FA = True
        post_login(client, "radgiver1", PASSWORD)
        response = client.get("/")
        assert response.status_code == 200
        assert "tofaktor-innlogging er slått av" in response.content.decode()

    def test_the_demo_switch_is_refused_in_production(self):
        import subprocess
        import sys

        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "imdi.settings",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "portal.imdi.no",
            "IMDI_DEMO_WITHOUT_2FA": "1",
        }
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0
        assert "IMDI_DEMO_WITHOUT_2FA" in result.stderr


class TestSessions:
    def _session_row(self, client):
        return Session.objects.get(session_key=client.session.session_key)

    def _age(self, client, *, renewed_seconds_ago, expires_in):
        session = client.session
        session[SESSION_RENEWED_AT] = int(time.time()) - renewed_seconds_ago
        session.save()
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() + datetime.timedelta(seconds=expires_in)
        )

    def test_thirty_idle_minutes_end_the_login(self, client, personas, settings):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        post_login(client, "hr", PASSWORD)
        self._age(client, renewed_seconds_ago=30 * 60 + 5, expires_in=-5)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_the_idle_limit_holds_even_if_the_stored_expiry_is_later(self, client, personas):
        post_login(client, "hr", PASSWORD)
        self._age(client, renewed_seconds_ago=30 * 60 + 5, expires_in=600)
        assert client.get("/").status_code == 302

    def test_activity_renews_the_idle_limit(self, client, personas):
        post_login(client, "hr", PASSWORD)
        self._age(client, renewed_seconds_ago=25 * 60, expires_in=5 * 60)
        assert client.get("/").status_code == 200
        left = (self._session_row(client).expire_date - timezone.now()).total_seconds()
        assert 29 * 60 < left <= 30 * 60

    def test_requests_within_a_minute_do_not_write_the_session(self, client, personas):
        post_login(client, "hr", PASSWORD)
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        writes = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]
        assert writes and all(w.lstrip().upper().startswith("SELECT") for w in writes)

    def test_a_login_ends_after_twelve_hours_however_active(self, client, personas):
        post_login(client, "hr", PASSWORD)
        session = client.session
        session[SESSION_LOGIN_AT] = int(time.time()) - 12 * 60 * 60 - 5
        session.save()
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_session_key_changes_at_login_and_logout_ends_it_on_the_server(self, client, personas):
        client.get(reverse("login"))
        client.session.save()
        before = client.session.session_key
        post_login(client, "hr", PASSWORD)
        after = client.session.session_key
        assert after and after != before
        assert Session.objects.filter(session_key=after).exists()
        assert client.post(reverse("logout")).status_code == 302
        assert not Session.objects.filter(session_key=after).exists()
        assert client.get("/").status_code == 302

    def test_logout_refuses_get(self, client, personas):
        post_login(client, "hr", PASSWORD)
        assert client.get(reverse("logout")).status_code == 405
