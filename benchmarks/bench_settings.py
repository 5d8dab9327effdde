"""Production settings for the benchmarks, served over plain HTTP on loopback.

Everything is the portal's production configuration (DEBUG off, the same middleware, the
same templates and database settings) except what plain HTTP on 127.0.0.1 needs: no
redirect to HTTPS, cookies sent without TLS, static files served without a manifest.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-not-used-anywhere-else-3f9a2c")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/imdi_bench")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from imdi.settings import *  # noqa: E402,F403
from imdi.settings import STORAGES  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The benchmark logs in 2FA-verified sessions directly; the fast hasher only speeds up the
# creation of the few persona accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic for the benchmarks: pages are measured, not their static files.
STATIC_ROOT = BASE_DIR / "benchmarks" / "out" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
