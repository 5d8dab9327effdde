"""Cached figures are computed once per version of the data and never read after a write."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from imdi import datacache
from imdi.models import DataVersion

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return sorted(Group.objects.values_list("name", flat=True))


@pytest.fixture
def tracked_groups():
    datacache.track(Group, "test-groups")
    yield
    from django.db.models.signals import post_delete, post_save

    post_save.disconnect(dispatch_uid="datacache:test-groups:auth.Group:save", sender=Group)
    post_delete.disconnect(dispatch_uid="datacache:test-groups:auth.Group:delete", sender=Group)


def test_figures_are_computed_once_while_the_data_stays_the_same():
    compute = Counter()
    Group.objects.create(name="a")
    assert datacache.cached("test", "names", compute) == ["a"]
    assert datacache.cached("test", "names", compute) == ["a"]
    assert compute.calls == 1


def test_a_different_key_is_computed_on_its_own():
    first, second = Counter(), Counter()
    datacache.cached("test", ("names", 2024), first)
    datacache.cached("test", ("names", 2025), second)
    assert (first.calls, second.calls) == (1, 1)


def test_a_tracked_save_makes_the_next_read_compute_again(
    tracked_groups, django_capture_on_commit_callbacks
):
    compute = Counter()
    assert datacache.cached("test-groups", "names", compute) == []
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.create(name="b")
    assert datacache.cached("test-groups", "names", compute) == ["b"]
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.get(name="b").delete()
    assert datacache.cached("test-groups", "names", compute) == []
    assert compute.calls == 3


def test_the_version_rises_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = datacache.version("test")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        datacache.bump("test")
    assert datacache.version("test") == before  # not committed yet: the old figures still hold
    for callback in callbacks:
        callback()
    assert datacache.version("test") != before


def test_a_rolled_back_write_does_not_raise_the_version():
    before = datacache.version("test")
    with pytest.raises(RuntimeError), transaction.atomic():
        datacache.bump("test")
        raise RuntimeError
    assert datacache.version("test") == before


def test_an_emptied_database_gets_a_new_token():
    first = datacache.version("test")
    DataVersion.objects.filter(name="test").delete()
    second = datacache.version("test")
    assert first.split(".")[0] != second.split(".")[0]
    assert second.endswith(".0")
