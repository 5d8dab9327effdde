"""Builders for grant records. Applications are put in a status through the real services,
so that each test starts from a state the case flow can actually reach."""

import datetime as dt
from decimal import Decimal

from grants import services
from grants.models import (
    Application,
    Call,
    Criterion,
    Organisation,
    OrganisationType,
    Scheme,
    SchemeBudget,
)
from tests.factories import municipality  # noqa: F401  (re-exported)

# Valid organisation numbers (MOD11).
ORGNRS = ["974760673", "938801363", "971524960", "983887457", "923609016", "974761076"]


def scheme(code="jobbsjansen", *, four_eyes=True, budget=Decimal("1000000"), year=2025, **extra):
    defaults = {
        "name": code.title(),
        "eligible_types": [OrganisationType.MUNICIPALITY, OrganisationType.VOLUNTARY],
        "four_eyes": four_eyes,
    }
    defaults.update(extra)
    s = Scheme.objects.create(code=code, **defaults)
    Criterion.objects.create(scheme=s, name="Relevans", weight=60, order=1)
    Criterion.objects.create(scheme=s, name="Gjennomføring", weight=40, order=2)
    SchemeBudget.objects.create(scheme=s, year=year, amount=budget)
    Call.objects.create(
        scheme=s,
        year=year,
        title=f"{s.name} {year}",
        opens_on=dt.date(year - 1, 10, 1),
        deadline=dt.date(year - 1, 12, 1),
    )
    return s


def organisation(orgnr=ORGNRS[0], *, type=OrganisationType.MUNICIPALITY, number="0301", **extra):
    return Organisation.objects.create(
        orgnr=orgnr,
        name=f"Organisasjon {orgnr}",
        type=type,
        municipality=municipality(number),
        **extra,
    )


def application(user, *, scheme_obj, org, amount=Decimal("200000"), submitted=True, **extra):
    call = scheme_obj.calls.first()
    fields = {
        "title": "Kvalifisering for kvinner",
        "period_start": dt.date(call.year, 1, 1),
        "period_end": dt.date(call.year, 12, 31),
    }
    fields.update(extra)
    return services.application_create(
        user=user,
        organisation=org,
        scheme=scheme_obj,
        call=call,
        amount_applied=amount,
        submitted=submitted,
        **fields,
    )


def assess(application_obj, officer, *, recommendation="grant", proposed=None):
    services.impartiality_declare(user=officer, application_id=application_obj.pk, conflict=False)
    services.application_transition(
        user=officer, application_id=application_obj.pk, name="start_assessment"
    )
    criteria = application_obj.scheme.criteria.all()
    services.assessment_save(
        user=officer,
        application_id=application_obj.pk,
        recommendation=recommendation,
        proposed_amount=application_obj.amount_applied if proposed is None else proposed,
        summary="Godt prosjekt.",
        scores={c.pk: 5 for c in criteria},
    )


def ready_for_decision(application_obj, officer, **kwargs) -> Application:
    assess(application_obj, officer, **kwargs)
    services.application_transition(
        user=officer, application_id=application_obj.pk, name="send_to_decision"
    )
    application_obj.refresh_from_db()
    return application_obj


def decided(application_obj, officer, approver, *, outcome="granted", amount=None) -> Application:
    ready_for_decision(application_obj, officer)
    services.decision_create(
        user=approver,
        application_id=application_obj.pk,
        outcome=outcome,
        amount=amount,
        reasons="Oppfyller kriteriene.",
        decided_on=dt.date.today(),
    )
    application_obj.refresh_from_db()
    return application_obj


def approver_like(user):
    """A second approver with the same groups as ``user``."""
    from tests.factories import UserFactory

    other = UserFactory(username=f"{user.username}-2")
    other.groups.set(user.groups.all())
    return other
