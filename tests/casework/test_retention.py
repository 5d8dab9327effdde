"""Retention: closed cases older than the period are anonymised; statistics survive."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from casework import tasks
from casework.models import Case, CaseTransfer, JournalEntry
from imdi.models import AuditEvent
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def aged(placements):
    owner = placements["advisor"]
    old = make_case(owner, name="Gammel Person", themes=["fgm", "social_control"],
                    opened_on=datetime.date(2020, 9, 1), birth_year=2004)  # fmt: skip
    recent = make_case(owner, name="Ny Person", opened_on=datetime.date(2021, 1, 5))
    still_open = make_case(owner, opened_on=datetime.date(2019, 1, 5))
    Case.objects.filter(pk=old.pk).update(status="closed", closed_on=datetime.date(2021, 5, 31))
    Case.objects.filter(pk=recent.pk).update(status="closed", closed_on=datetime.date(2021, 6, 2))
    for case in (old, recent, still_open):
        JournalEntry.objects.create(case=case, date=case.opened_on, text="Notat", author=owner.user)
    CaseTransfer.objects.create(case=old, from_owner=owner, to_owner=placements["advisor2"],
                                reason="Flyttet", by=owner.user)  # fmt: skip
    return old, recent, still_open


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_task_anonymises_only_cases_closed_more_than_three_years_ago(aged, settings):
    settings.CASEWORK_RETENTION_YEARS = 3
    old, recent, still_open = aged
    assert tasks.apply_retention.delay().get() == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert old.name_encrypted == "" and old.summary == "" and old.birth_year is None
    assert not JournalEntry.objects.filter(case=old).exists()
    assert CaseTransfer.objects.get(case=old).reason == ""
    # The statistical fields stay.
    assert (old.gender, old.age_group, old.country_of_origin, old.exposure) == (
        "female", "16-17", "IQ", "at_risk",
    )  # fmt: skip
    assert sorted(old.theme_values) == ["fgm", "social_control"]
    assert old.county.name == "Oslo" and old.closed_on == datetime.date(2021, 5, 31)
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.anonymised_at is None and JournalEntry.objects.filter(case=kept).exists()
    assert recent.name == "Ny Person"
    event = AuditEvent.objects.get(action="retention")
    assert event.object_id == str(old.pk) and event.user is None
    # Running again changes nothing more.
    assert tasks.apply_retention() == 0


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_period_is_configurable(aged, settings):
    settings.CASEWORK_RETENTION_YEARS = 2
    assert tasks.apply_retention() == 2


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_command_dry_run_lists_and_changes_nothing(aged, capsys, settings):
    settings.CASEWORK_RETENTION_YEARS = 3
    old, _recent, _open = aged
    call_command("casework_retention", "--dry-run")
    out = capsys.readouterr().out
    assert old.reference in out and "31.05.2021" in out
    assert "1 saker ville blitt anonymisert." in out
    assert "Gammel" not in out
    old.refresh_from_db()
    assert old.anonymised_at is None and JournalEntry.objects.filter(case=old).exists()
    call_command("casework_retention")
    assert "1 saker anonymisert." in capsys.readouterr().out
    old.refresh_from_db()
    assert old.anonymised_at is not None


def test_task_is_the_scheduled_one(settings):
    assert settings.IMDI_PERIODIC_TASKS["casework-retention"]["task"] == tasks.apply_retention.name
