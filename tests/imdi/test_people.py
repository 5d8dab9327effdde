"""Choosing a colleague: a menu while the staff is small, a name that finds exactly one
person when it is large; one query to build either."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imdi.people import PersonChoiceField, PersonNameField, person_field

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def staff():
    people = [
        ("kari", "Kari", "Nordmann"),
        ("kari2", "Kari", "Nordmann"),
        ("ola", "Ola", "Hansen"),
        ("per", "Per", "Berg"),
    ]
    for username, first, last in people:
        User.objects.create(username=username, first_name=first, last_name=last)
    return User.objects.filter(username__in=[p[0] for p in people]).order_by("username")


def test_few_people_give_a_menu_of_names_and_choosing_needs_no_query(staff):
    with CaptureQueriesContext(connection) as built:
        field = person_field(staff, label="Saksbehandler", limit=10)
    assert len(built.captured_queries) == 1
    assert isinstance(field, PersonChoiceField)
    assert [label for _v, label in field.choices][1:] == [
        "Kari Nordmann (kari)",
        "Kari Nordmann (kari2)",
        "Ola Hansen (ola)",
        "Per Berg (per)",
    ]
    ola = staff.get(username="ola")
    with CaptureQueriesContext(connection) as chosen:
        assert field.clean(str(ola.pk)) == ola
    assert not chosen.captured_queries


def test_someone_outside_the_menu_cannot_be_chosen(staff):
    field = person_field(staff.exclude(username="per"), label="Saksbehandler", limit=10)
    per = User.objects.get(username="per")
    with pytest.raises(Exception, match="gyldig"):
        field.clean(str(per.pk))


def test_many_people_give_a_name_field_built_with_one_query(staff):
    with CaptureQueriesContext(connection) as built:
        field = person_field(staff, label="Saksbehandler", limit=2)
    assert len(built.captured_queries) == 1
    assert isinstance(field, PersonNameField)


@pytest.mark.parametrize(
    ("written", "username"),
    [
        ("ola", "ola"),
        ("OLA", "ola"),
        ("Ola Hansen", "ola"),
        ("  per   berg ", "per"),
        ("kari2", "kari2"),
    ],
)
def test_a_user_name_or_a_full_name_finds_the_person(staff, written, username):
    field = person_field(staff, label="Saksbehandler", limit=2)
    assert field.clean(written).username == username


def test_a_name_two_people_share_asks_for_the_user_name(staff):
    field = person_field(staff, label="Saksbehandler", limit=2)
    with pytest.raises(Exception) as refused:
        field.clean("Kari Nordmann")
    message = " ".join(refused.value.messages)
    assert "Flere" in message and "kari" in message and "kari2" in message


def test_nobody_by_that_name_says_so_in_norwegian(staff):
    field = person_field(staff.exclude(username="per"), label="Saksbehandler", limit=2)
    with pytest.raises(Exception) as refused:
        field.clean("per")  # exists, but may not be chosen here
    assert "Ingen" in " ".join(refused.value.messages)
