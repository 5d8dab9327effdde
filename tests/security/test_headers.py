"""Security headers on every response, and the production-only ones in production settings."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db
BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("path", ["/konto/logg-inn/", "/healthz"])
def test_anonymous_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    csp = _csp_directives(response["Content-Security-Policy"])
    script_src = csp.get("script-src", csp.get("default-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_behind_login_are_never_stored(client_for):
    response = client_for("hr").get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_production_settings_send_hsts_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "imdi.settings",
        "DJANGO_SECRET_KEY": "p" * 60,
        "DJANGO_ALLOWED_HOSTS": "portal.imdi.no",
        "IMDI_VAR_DIR": "/tmp/imdi-settings-test",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    hsts, session_secure, csrf_secure, ssl_redirect, httponly, debug = result.stdout.split()
    assert int(hsts) >= 31536000
    assert (session_secure, csrf_secure, ssl_redirect, httponly, debug) == (
        "True",
        "True",
        "True",
        "True",
        "False",
    )
