"""The person's name is encrypted at rest; there is no identity number field."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from casework.models import Case
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db


def _raw_name(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_encrypted FROM casework_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_name_is_encrypted_with_a_key_derived_from_the_secret_key(placements, settings):
    settings.IMDI_FIELD_ENCRYPTION_KEY = ""
    case = make_case(placements["advisor"], name="Aisha Testesen")
    raw = _raw_name(case)
    assert raw and "Aisha" not in raw
    assert Case.objects.get(pk=case.pk).name == "Aisha Testesen"
    # Another secret key cannot read it.
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert Case.objects.get(pk=case.pk).name == ""


def test_name_is_encrypted_with_the_configured_key(placements, settings):
    key = Fernet.generate_key()
    settings.IMDI_FIELD_ENCRYPTION_KEY = key.decode()
    case = make_case(placements["advisor"], name="Aisha Testesen")
    assert Fernet(key).decrypt(_raw_name(case).encode()) == b"Aisha Testesen"


def test_no_national_identity_number_field():
    names = {f.name for f in Case._meta.get_fields()}
    assert not {"fnr", "national_id", "identity_number", "personnummer", "fodselsnummer"} & names
    assert "name" not in names  # only the encrypted column
