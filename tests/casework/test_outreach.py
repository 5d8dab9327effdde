"""Outreach entries: their owner registers, corrects and deletes them; nobody else reaches
them; every change is in the audit trail and in the statistics at once."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from casework import services
from casework.models import Outreach
from imdi.models import AuditEvent
from tests.casework.conftest import make_case
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

FORM = {
    "date": "2024-02-01",
    "outreach_kind": "seminar",
    "audience": "staff",
    "channel": "",
    "topic": "Kurs for lærere",
    "reached": "35",
}


def _entry(owner, **fields):
    data = {
        "date": datetime.date(2024, 2, 1),
        "outreach_kind": "seminar",
        "audience": "staff",
        "channel": "",
        "topic": "Kurs for lærere",
        "reached": 35,
        **fields,
    }
    return services.outreach_create(advisor=owner, by=owner.user, **data)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def entry(placements):
    return _entry(placements["advisor"])


def test_the_owner_corrects_an_entry_and_the_change_is_recorded(client_for, entry):
    client = client_for("advisor")
    url = reverse("casework:outreach_edit", args=[entry.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["topic"].value() == "Kurs for lærere" and form["reached"].value() == 35
    assert "Endre aktiviteten «Kurs for lærere» 01.02.2024" in page.content.decode()

    response = client.post(url, {**FORM, "topic": "Kurs for rådgivere", "reached": "42"})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:outreach_list")
    assert _messages(response) == ["Aktiviteten er lagret."]
    entry.refresh_from_db()
    assert (entry.topic, entry.reached) == ("Kurs for rådgivere", 42)
    event = AuditEvent.objects.get(action="update", object_type="casework.outreach")
    assert event.object_id == str(entry.pk) and event.username == "radgiver1"
    # Which fields changed, never their content.
    assert event.detail == "changed: topic, reached"
    assert "rådgivere" not in event.detail


def test_the_edit_form_validates_as_the_create_form(client_for, entry):
    client = client_for("advisor")
    url = reverse("casework:outreach_edit", args=[entry.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    future = client.post(url, {**FORM, "date": tomorrow.isoformat()})
    negative = client.post(url, {**FORM, "reached": "-3"})
    no_topic = client.post(url, {**FORM, "topic": ""})
    assert (future.status_code, negative.status_code, no_topic.status_code) == (400, 400, 400)
    assert "Registrer aktiviteter som har funnet sted." in future.content.decode()
    entry.refresh_from_db()
    assert (entry.date, entry.reached, entry.topic) == (
        datetime.date(2024, 2, 1),
        35,
        "Kurs for lærere",
    )
    assert not AuditEvent.objects.filter(action="update").exists()


def test_an_entry_cannot_be_given_to_another_advisor_by_editing_it(client_for, entry, placements):
    client = client_for("advisor")
    response = client.post(
        reverse("casework:outreach_edit", args=[entry.pk]),
        {**FORM, "advisor": placements["advisor2"].pk, "reached": "50"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.reached == 50 and entry.advisor == placements["advisor"]


def test_deleting_asks_on_a_page_of_its_own_then_returns_to_the_list(client_for, entry):
    client = client_for("advisor")
    url = reverse("casework:outreach_delete", args=[entry.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Slett aktiviteten «Kurs for lærere» 01.02.2024" in body
    assert 'name="csrfmiddlewaretoken"' in body and f'action="{url}"' in body
    assert Outreach.objects.filter(pk=entry.pk).exists()  # asking deletes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:outreach_list")
    assert _messages(response) == ["Aktiviteten «Kurs for lærere» 01.02.2024 er slettet."]
    assert not Outreach.objects.filter(pk=entry.pk).exists()
    event = AuditEvent.objects.get(action="delete")
    assert (event.object_type, event.object_id, event.username) == (
        "casework.outreach",
        str(entry.pk),
        "radgiver1",
    )
    # Deleted: the page is gone, for its former owner too.
    assert client.get(url).status_code == 404


def test_deleting_needs_the_csrf_token(personas, entry):
    client = verified_login(Client(enforce_csrf_checks=True), personas["advisor"])
    response = client.post(reverse("casework:outreach_delete", args=[entry.pk]))
    assert response.status_code == 403
    assert Outreach.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "who", ["advisor2", "envoy", "coordinator", "reader", "admin", "grant_officer", "nobody"]
)
def test_another_users_entry_is_not_found_and_the_attempt_recorded(who, client_for, entry):
    client = client_for(who)
    for name in ("casework:outreach_edit", "casework:outreach_delete"):
        url = reverse(name, args=[entry.pk])
        before = AuditEvent.objects.filter(action="access_refused").count()
        assert client.get(url).status_code == 404
        assert client.post(url, {**FORM, "reached": "1"}).status_code == 404
        refused = AuditEvent.objects.filter(action="access_refused", object_id=str(entry.pk))
        assert refused.count() == before + 2
        assert refused.first().object_type == "casework.outreach"
    entry.refresh_from_db()
    assert entry.reached == 35


def test_an_advisor_who_has_left_no_longer_reaches_their_entries(client_for, entry, placements):
    placements["advisor"].active = False
    placements["advisor"].save()
    client = client_for("advisor")
    assert client.get(reverse("casework:outreach_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("casework:outreach_delete", args=[entry.pk])).status_code == 404
    assert "Kurs for lærere" not in client.get(reverse("casework:outreach_list")).content.decode()
    assert Outreach.objects.filter(pk=entry.pk).exists()


def test_the_list_links_to_change_and_delete_each_entry_by_name(client_for, placements):
    first = _entry(placements["advisor"])
    second = _entry(placements["advisor"], date=datetime.date(2024, 3, 5), topic="Fagdag")
    _entry(placements["advisor2"], topic="Foredrag i Bergen")
    body = client_for("advisor").get(reverse("casework:outreach_list")).content.decode()
    for item, which in ((first, "«Kurs for lærere» 01.02.2024"), (second, "«Fagdag» 05.03.2024")):
        edit = reverse("casework:outreach_edit", args=[item.pk])
        delete = reverse("casework:outreach_delete", args=[item.pk])
        assert f'<a href="{edit}" class="me-2">Endre<span class="visually-hidden"> {which}' in body
        assert f'<a href="{delete}">Slett<span class="visually-hidden"> {which}' in body
    assert "Foredrag i Bergen" not in body


def _statistics_outreach(client, year: int) -> dict[str, tuple[int, int]]:
    response = client.get(reverse("casework:statistics"), {"year": year})
    assert response.status_code == 200
    return {
        row["label"]: (row["activities"], row["reached"]) for row in response.context["outreach"]
    }


def _expected(year: int) -> dict[str, tuple[int, int]]:
    """The same figures, counted in plain Python over the rows."""
    rows = [o for o in Outreach.objects.all() if o.date.year == year]
    return {
        str(kind.label): (
            sum(1 for o in rows if o.outreach_kind == kind),
            sum(o.reached for o in rows if o.outreach_kind == kind),
        )
        for kind in Outreach.OutreachKind
    }


def test_a_change_or_deletion_shows_in_the_statistics_on_the_next_request(
    client_for, placements, django_capture_on_commit_callbacks
):
    owner = placements["advisor"]
    with django_capture_on_commit_callbacks(execute=True):
        make_case(owner, opened_on=datetime.date(2024, 3, 1))  # the year has statistics
        seminar = _entry(owner, reached=35)
        _entry(owner, outreach_kind="talk", reached=60, date=datetime.date(2024, 6, 1))
        _entry(owner, outreach_kind="talk", reached=20, date=datetime.date(2023, 6, 1))
    coordinator, advisor = client_for("coordinator"), client_for("advisor")
    figures = _statistics_outreach(coordinator, 2024)  # now in the cache
    assert figures == _expected(2024)
    assert figures["seminar eller kurs"] == (1, 35) and figures["foredrag"] == (1, 60)

    with django_capture_on_commit_callbacks(execute=True):
        response = advisor.post(
            reverse("casework:outreach_edit", args=[seminar.pk]), {**FORM, "reached": "80"}
        )
    assert response.status_code == 302
    figures = _statistics_outreach(coordinator, 2024)
    assert figures == _expected(2024)
    assert figures["seminar eller kurs"] == (1, 80)

    # Moved to another kind and year: out of 2024's seminars, into 2023's talks.
    with django_capture_on_commit_callbacks(execute=True):
        advisor.post(
            reverse("casework:outreach_edit", args=[seminar.pk]),
            {**FORM, "outreach_kind": "talk", "date": "2023-09-01", "reached": "80"},
        )
    assert _statistics_outreach(coordinator, 2024)["seminar eller kurs"] == (0, 0)
    assert _statistics_outreach(coordinator, 2024) == _expected(2024)
    # 2023 has no cases, so no statistics page of its own: read the figures the page reads.
    from casework.selectors import outreach_totals

    talks_2023 = next(r for r in outreach_totals(2023) if r["label"] == "foredrag")
    assert (talks_2023["activities"], talks_2023["reached"]) == _expected(2023)["foredrag"]
    assert _expected(2023)["foredrag"] == (2, 100)

    with django_capture_on_commit_callbacks(execute=True):
        response = advisor.post(reverse("casework:outreach_delete", args=[seminar.pk]))
    assert response.status_code == 302
    talks_2023 = next(r for r in outreach_totals(2023) if r["label"] == "foredrag")
    assert (talks_2023["activities"], talks_2023["reached"]) == (1, 20)


def test_writes_on_an_entry_deleted_meanwhile(entry, placements):
    from django.core.exceptions import ValidationError

    owner = placements["advisor"]
    stale = Outreach.objects.get(pk=entry.pk)
    assert services.outreach_delete(item=entry, by=owner.user) is True
    # A second click, or another tab: nothing to delete, nothing recorded twice.
    assert services.outreach_delete(item=stale, by=owner.user) is False
    assert AuditEvent.objects.filter(action="delete").count() == 1
    with pytest.raises(ValidationError):
        services.outreach_update(item=stale, by=owner.user, reached=5)


def test_the_services_take_only_the_fields_of_the_form(entry, placements):
    owner = placements["advisor"]
    with pytest.raises(TypeError):
        services.outreach_update(item=entry, by=owner.user, advisor=placements["advisor2"])
    entry.refresh_from_db()
    assert entry.advisor == owner
