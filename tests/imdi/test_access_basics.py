import pytest
from django.urls import reverse

from imdi.models import AuditEvent, County, Municipality

pytestmark = pytest.mark.django_db


def test_anonymous_request_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["login", "password_reset", "healthz"])
def test_public_pages_answer_anonymous(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_reference_data_is_loaded():
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357
    assert Municipality.objects.get(number="0301").county.number == "03"
    # Every municipality belongs to the county its number starts with.
    for m in Municipality.objects.select_related("county"):
        assert m.number[:2] == m.county.number


def test_healthz_reports_database_and_broker(client):
    data = client.get("/healthz").json()
    assert data["database"] == "ok"
    assert data["broker"] in ("ok", "in-process")


def test_login_form_logs_in_and_audits(client, personas):
    response = client.post(
        reverse("login"),
        {"username": "hr", "password": "riktig-hest-batteri-stift"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login")
    assert event.username == "hr" and event.ip_address == "10.1.2.3"
