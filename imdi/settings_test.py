"""Settings for the test suite: production settings with test-only secrets.

Debug stays off, as in production; only what a test process cannot have (a real secret,
HTTPS) is replaced. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("IMDI_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from imdi.settings import *  # noqa: E402,F403
from imdi.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
