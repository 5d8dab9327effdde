"""Field encryption for the few identifying values a case may hold (Fernet).

The key is ``settings.IMDI_FIELD_ENCRYPTION_KEY`` or, when that is empty, derived from the
secret key with HKDF, so that a database copy alone never reveals a name.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(configured: str, secret: str) -> Fernet:
    if configured:
        return Fernet(configured.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"imdi-casework", info=b"field-encryption"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(settings.IMDI_FIELD_ENCRYPTION_KEY or "", settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        # A key that changed without re-encryption: the name is unreadable, not the case.
        return ""
