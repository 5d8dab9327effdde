"""Casework test set-up: placements for the personas and a case maker."""

import datetime

import pytest

from casework import services
from casework.models import Advisor, Kind, Station, WorkplaceKind
from imdi.models import County, Municipality


def municipality(number: str, name: str, county_name: str) -> Municipality:
    """Reference data from the migration; recreated if a transactional test flushed it."""
    county, _ = County.objects.get_or_create(number=number[:2], defaults={"name": county_name})
    found, _ = Municipality.objects.get_or_create(
        number=number, defaults={"name": name, "county": county}
    )
    return found


@pytest.fixture
def placements(personas):
    """Advisor records for the two advisor personas and the envoy persona."""
    return {
        "advisor": Advisor.objects.create(
            user=personas["advisor"],
            kind=Kind.ADVISOR,
            workplace="Oslo katedralskole",
            workplace_kind=WorkplaceKind.UPPER_SECONDARY,
            municipality=municipality("0301", "Oslo", "Oslo"),
        ),
        "advisor2": Advisor.objects.create(
            user=personas["advisor2"],
            kind=Kind.ADVISOR,
            workplace="Bergen katedralskole",
            workplace_kind=WorkplaceKind.UPPER_SECONDARY,
            municipality=municipality("4601", "Bergen", "Vestland"),
        ),
        "envoy": Advisor.objects.create(
            user=personas["envoy"],
            kind=Kind.ENVOY,
            workplace="Norges ambassade i Amman",
            workplace_kind=WorkplaceKind.EMBASSY,
            station=Station.AMMAN,
        ),
    }


CASE_DEFAULTS = {
    "gender": "female",
    "birth_year": None,
    "age_group": "16-17",
    "country_of_origin": "IQ",
    "exposure": "at_risk",
    "contact_channel": "in_person",
    "summary": "Hemmelig sammendrag",
}


def make_case(owner, *, themes=("social_control",), name="", **fields):
    data = {**CASE_DEFAULTS, **fields}
    if owner.kind == Kind.ENVOY:
        data.setdefault("country_of_stay", "JO")
    data.setdefault("opened_on", datetime.date(2024, 3, 1))
    return services.case_create(owner=owner, by=owner.user, themes=list(themes), name=name, **data)


@pytest.fixture
def cases(placements):
    """One case per owner, each with a journal entry."""
    made = {}
    for key, owner in placements.items():
        case = make_case(owner, name="Aisha Testesen" if key == "advisor" else "")
        services.journal_entry_create(
            case=case,
            by=owner.user,
            date=datetime.date(2024, 3, 2),
            entry_kind="advice",
            text=f"Fortrolig journaltekst {key}",
        )
        made[key] = case
    return made
