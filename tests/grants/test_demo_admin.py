"""Demo data, the admin and the budget split."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command

from grants import demo, selectors
from grants.models import (
    Application,
    MunicipalAllocation,
    Participant,
    Scheme,
    SchemeBudget,
    Status,
)
from imdi.demo import demo_users
from tests.grants import factories

pytestmark = pytest.mark.django_db


def test_demo_seed_is_complete_and_runs_once(roles):
    users = demo_users("riktig-hest-batteri-stift")
    out = io.StringIO()
    demo.seed(users=users, scale=0.05, stdout=out)
    assert Scheme.objects.count() == 4
    assert SchemeBudget.objects.get(scheme__code="jobbsjansen", year=2023).amount == Decimal(
        "104000000"
    )
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)  # every status of the case flow is represented
    # Every budget's parts add up: granted never exceeds it.
    for budget in SchemeBudget.objects.all():
        granted = selectors.scheme_statistics(budget.year)
        row = next(r for r in granted if r.scheme == budget.scheme)
        assert row.amount_granted <= budget.amount
    assert Participant.objects.exists()
    # The grant officer's work list shows overdue reports and reports due in two weeks.
    work = selectors.worklist(users["tilskudd"])
    assert work.overdue_reports and work.report_deadlines
    count = Application.objects.count()
    demo.seed(users=users, scale=0.05, stdout=out)
    assert Application.objects.count() == count
    assert "skipped" in out.getvalue()


def test_every_grants_model_is_in_the_admin_with_search_and_filters():
    for model in apps.get_app_config("grants").get_models():
        assert model in admin.site._registry, model
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields and model_admin.list_filter, model


def test_budget_split_adds_up_to_the_budget(db):
    s = factories.scheme("frivillige", budget=Decimal("900000"), has_local_allocation=True)
    budget = s.budgets.get()
    for number, amount in [("0301", 300000), ("4601", 200000)]:
        MunicipalAllocation.objects.create(
            budget=budget, municipality=factories.municipality(number), amount=amount
        )
    split = selectors.budget_splits(2025)[0]
    assert split.directorate == Decimal("400000")
    assert split.directorate + sum(a for _n, a in split.municipalities) == budget.amount
    too_much = MunicipalAllocation(
        budget=budget, municipality=factories.municipality("1103"), amount=Decimal("400001")
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="overstige"):
        too_much.full_clean()


def test_import_command_is_all_or_nothing(personas, scheme, tmp_path):
    from grants.imports import APPLICATION_COLUMNS

    bad = tmp_path / "bad.csv"
    bad.write_text(";".join(APPLICATION_COLUMNS) + "\n" + ";" * (len(APPLICATION_COLUMNS) - 1))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_grant_applications", str(bad), user="tilskudd", stderr=io.StringIO())
    assert not Application.objects.exists()
