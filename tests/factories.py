"""Factories shared by all apps. App-specific factories live in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from imdi.models import Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@imdi.test")
    password = factory.django.Password("riktig-hest-batteri-stift")


def municipality(number: str = "0301") -> Municipality:
    """A municipality from the reference data loaded by migration."""
    return Municipality.objects.get(number=number)
