import pytest

from tests.grants import factories


@pytest.fixture
def officer(personas):
    return personas["grant_officer"]


@pytest.fixture
def officer2(personas):
    return personas["grant_officer2"]


@pytest.fixture
def approver(personas):
    return personas["grant_approver"]


@pytest.fixture
def scheme(db):
    return factories.scheme()


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def app(officer, scheme, org):
    return factories.application(officer, scheme_obj=scheme, org=org)
