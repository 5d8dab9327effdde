import pytest

from imdi.models import County, Municipality


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_reference_data():
    # Runs after other transactional tests have flushed the database: the reference data
    # from the migration is put back by the post_migrate receiver.
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357


@pytest.mark.django_db(transaction=True)
def test_and_so_does_the_next_one():
    assert Municipality.objects.filter(number="4601", name="Bergen").exists()
