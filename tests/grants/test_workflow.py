"""The case flow: each transition allowed and refused per role, four eyes, impartiality."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from grants import services, workflow
from grants.models import HistoryEntry, Status
from grants.workflow import TransitionRefused
from imdi.models import AuditEvent
from imdi.roles import Role
from tests.grants import factories

pytestmark = pytest.mark.django_db


def _take(user, application, name, comment=""):
    return services.application_transition(
        user=user, application_id=application.pk, name=name, comment=comment
    )


def test_every_status_of_the_domain_is_reachable_by_some_transition():
    targets = {t.target for t in workflow.TRANSITIONS}
    assert set(Status) - targets == {Status.DRAFT}


@pytest.mark.parametrize("persona", ["grant_approver", "advisor", "hr", "reader", "nobody"])
def test_only_officers_start_assessment(personas, app, persona):
    with pytest.raises(TransitionRefused, match="rolle"):
        _take(personas[persona], app, "start_assessment")
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_assessment_needs_a_declaration_of_impartiality(app, officer):
    with pytest.raises(TransitionRefused, match="habilitet"):
        _take(officer, app, "start_assessment")
    services.impartiality_declare(user=officer, application_id=app.pk, conflict=False)
    _take(officer, app, "start_assessment")
    app.refresh_from_db()
    assert app.status == Status.IN_ASSESSMENT
    assert app.officer == officer


def test_transition_writes_history_and_audit(app, officer):
    services.impartiality_declare(user=officer, application_id=app.pk, conflict=False)
    _take(officer, app, "start_assessment", comment="Starter")
    entry = app.history.filter(kind=HistoryEntry.Kind.TRANSITION).get()
    assert (entry.user, entry.from_status, entry.to_status, entry.text) == (
        officer,
        Status.SUBMITTED,
        Status.IN_ASSESSMENT,
        "Starter",
    )
    event = AuditEvent.objects.get(action="transition", object_id=str(app.pk))
    assert event.user == officer and event.object_type == "grants.application"
    assert "Starter" not in event.detail  # facts only, never the text


def test_conflict_of_interest_blocks_the_officer_and_asks_for_reassignment(app, officer, officer2):
    with pytest.raises(ValidationError):
        services.impartiality_declare(user=officer, application_id=app.pk, conflict=True, reason="")
    services.impartiality_declare(
        user=officer, application_id=app.pk, conflict=True, reason="Min søster leder foreningen."
    )
    app.refresh_from_db()
    assert app.officer is None
    with pytest.raises(TransitionRefused, match="inhabil"):
        _take(officer, app, "start_assessment")
    with pytest.raises(ValidationError, match="inhabil"):
        services.application_assign(user=officer2, application_id=app.pk, officer=officer)
    services.application_assign(user=officer, application_id=app.pk, officer=officer2)
    services.impartiality_declare(user=officer2, application_id=app.pk, conflict=False)
    _take(officer2, app, "start_assessment")
    app.refresh_from_db()
    assert app.status == Status.IN_ASSESSMENT and app.officer == officer2


def test_other_officer_may_not_assess_an_assigned_case(app, officer, officer2):
    factories.assess(app, officer)
    with pytest.raises(ValidationError, match="annen saksbehandler"):
        services.assessment_save(
            user=officer2,
            application_id=app.pk,
            recommendation="grant",
            proposed_amount=Decimal(1000),
            summary="x",
            scores={c.pk: 3 for c in app.scheme.criteria.all()},
        )
    with pytest.raises(TransitionRefused):
        _take(officer2, app, "send_to_decision")


def test_send_to_decision_needs_a_complete_assessment(app, officer):
    services.impartiality_declare(user=officer, application_id=app.pk, conflict=False)
    _take(officer, app, "start_assessment")
    with pytest.raises(TransitionRefused, match="vurderingen"):
        _take(officer, app, "send_to_decision")
    criteria = list(app.scheme.criteria.all())
    with pytest.raises(ValidationError, match="kriterium"):
        services.assessment_save(
            user=officer,
            application_id=app.pk,
            recommendation="grant",
            proposed_amount=Decimal(1000),
            summary="x",
            scores={criteria[0].pk: 4},
        )
    services.assessment_save(
        user=officer,
        application_id=app.pk,
        recommendation="partly",
        proposed_amount=Decimal(150000),
        summary="x",
        scores={criteria[0].pk: 4, criteria[1].pk: 6},
    )
    # Weighted score: (4*60 + 6*40) / 100 = 4.80
    assert app.assessment.weighted_score == Decimal("4.80")
    _take(officer, app, "send_to_decision")
    app.refresh_from_db()
    assert app.status == Status.READY_FOR_DECISION


def test_four_eyes_refuses_the_preparer_even_with_the_approver_role(app, officer, approver):
    officer.groups.add(Group.objects.get(name=str(Role.GRANT_APPROVER)))
    officer._imdi_roles = None
    factories.ready_for_decision(app, officer)
    with pytest.raises(TransitionRefused, match="fire øyne"):
        services.decision_create(
            user=officer, application_id=app.pk, outcome="granted", amount=None, reasons="ok"
        )
    app.refresh_from_db()
    assert app.status == Status.READY_FOR_DECISION
    services.decision_create(
        user=approver, application_id=app.pk, outcome="granted", amount=None, reasons="ok"
    )
    app.refresh_from_db()
    assert app.status == Status.DECIDED
    decision = app.current_decision
    assert decision.prepared_by == officer and decision.decided_by == approver


def test_officer_may_decide_own_case_where_the_scheme_has_no_four_eyes(officer, org):
    s = factories.scheme("ressursmiljo", four_eyes=False)
    a = factories.application(officer, scheme_obj=s, org=org)
    factories.ready_for_decision(a, officer)
    services.decision_create(
        user=officer, application_id=a.pk, outcome="granted", amount=None, reasons="ok"
    )
    a.refresh_from_db()
    assert a.status == Status.DECIDED


def test_officer_may_not_decide_where_the_scheme_has_four_eyes(app, officer):
    factories.ready_for_decision(app, officer)
    with pytest.raises(TransitionRefused, match="godkjenner"):
        services.decision_create(
            user=officer, application_id=app.pk, outcome="granted", amount=None, reasons="ok"
        )


@pytest.mark.parametrize(
    "outcome,amount,message",
    [
        ("granted", Decimal(100), "fullt tilskudd"),
        ("partly_granted", Decimal(200000), "delvis"),
        ("partly_granted", Decimal(0), "delvis"),
        ("rejected", Decimal(5), "avslag"),
    ],
)
def test_decision_amount_must_match_the_outcome(app, officer, approver, outcome, amount, message):
    factories.ready_for_decision(app, officer)
    with pytest.raises(ValidationError, match=f"(?i){message}"):
        services.decision_create(
            user=approver, application_id=app.pk, outcome=outcome, amount=amount, reasons="x"
        )
    assert not app.decisions.exists()


def test_approver_sends_back_and_officer_may_not(app, officer, approver):
    factories.ready_for_decision(app, officer)
    with pytest.raises(TransitionRefused, match="rolle"):
        _take(officer, app, "send_back")
    _take(approver, app, "send_back")
    app.refresh_from_db()
    assert app.status == Status.IN_ASSESSMENT


def test_withdraw_and_no_way_back(app, officer, approver):
    with pytest.raises(TransitionRefused):
        _take(approver, app, "withdraw")
    _take(officer, app, "withdraw")
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN
    with pytest.raises(TransitionRefused, match="trukket"):
        _take(officer, app, "submit")


def test_return_to_applicant_and_resubmit(app, officer):
    factories.assess(app, officer)
    _take(officer, app, "return_to_applicant")
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    services.application_update(user=officer, application_id=app.pk, title="Nytt navn")
    _take(officer, app, "submit")
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.title == "Nytt navn"


def test_form_transitions_cannot_be_taken_as_bare_buttons(app, officer, approver):
    factories.ready_for_decision(app, officer)
    with pytest.raises(TransitionRefused):
        _take(approver, app, "decide")


def test_rejected_case_is_closed_and_cannot_go_to_payment(app, officer, approver):
    factories.decided(app, officer, approver, outcome="rejected", amount=Decimal(0))
    with pytest.raises(TransitionRefused, match="innvilget"):
        _take(officer, app, "to_payment")
    _take(officer, app, "close_rejected")
    app.refresh_from_db()
    assert app.status == Status.CLOSED


def test_granted_case_through_payment_report_repayment_to_closed(app, officer, approver):
    factories.decided(app, officer, approver)
    with pytest.raises(TransitionRefused):
        _take(officer, app, "close_rejected")
    _take(officer, app, "to_payment")
    with pytest.raises(TransitionRefused, match="utbetaling"):
        _take(officer, app, "await_report")
    p1 = services.payment_plan_add(
        user=officer, application_id=app.pk, amount=Decimal(120000), due_on=dt.date.today()
    )
    services.payment_plan_add(
        user=officer, application_id=app.pk, amount=Decimal(80000), due_on=dt.date.today()
    )
    with pytest.raises(ValidationError, match="overstige"):
        services.payment_plan_add(
            user=officer, application_id=app.pk, amount=Decimal(1), due_on=dt.date.today()
        )
    services.payment_register(user=officer, payment_id=p1.pk, paid_on=dt.date.today())
    with pytest.raises(ValidationError):
        services.payment_register(user=officer, payment_id=p1.pk, paid_on=dt.date.today())
    _take(officer, app, "await_report")
    services.grant_report_register(
        user=officer,
        application_id=app.pk,
        received_on=dt.date.today(),
        amount_spent=Decimal(100000),
        results="Tolv deltakere fullførte.",
    )
    app.refresh_from_db()
    assert app.status == Status.REPORT_DELIVERED
    # Only 120 000 kr has been paid out: no more can be claimed.
    with pytest.raises(ValidationError, match="utbetalt"):
        services.repayment_claim_create(
            user=officer,
            application_id=app.pk,
            amount=Decimal(120001),
            reason="Ubrukt",
            due_on=dt.date.today(),
        )
    claim = services.repayment_claim_create(
        user=officer,
        application_id=app.pk,
        amount=Decimal(20000),
        reason="Ubrukte midler",
        due_on=dt.date.today(),
    )
    with pytest.raises(TransitionRefused, match="tilbakebetalingskrav"):
        _take(officer, app, "close")
    services.repayment_register(user=officer, claim_id=claim.pk, repaid_on=dt.date.today())
    _take(officer, app, "close")
    app.refresh_from_db()
    assert app.status == Status.CLOSED
    kinds = set(app.history.values_list("kind", flat=True))
    assert {"decision", "payment", "report", "repayment", "transition"} <= kinds


def test_appeal_within_and_after_deadline_leads_to_a_new_decision(app, officer, approver):
    factories.decided(app, officer, approver, outcome="rejected", amount=Decimal(0))
    first = app.current_decision
    services.appeal_register(
        user=officer,
        application_id=app.pk,
        received_on=first.decided_on,
        summary="Klager på avslaget.",
    )
    appeal = app.appeals.get()
    assert appeal.within_deadline is True
    assert first.appeal_deadline == first.decided_on + dt.timedelta(days=21)
    _take(officer, app, "reassess")
    _take(officer, app, "send_to_decision")
    services.decision_create(
        user=approver, application_id=app.pk, outcome="granted", amount=None, reasons="Omgjort."
    )
    app.refresh_from_db()
    assert app.status == Status.DECIDED
    assert app.decisions.count() == 2
    assert app.current_decision.outcome == "granted"
    first.refresh_from_db()
    assert first.is_current is False


def test_appeal_after_the_deadline_is_marked_late(app, officer, approver):
    factories.decided(app, officer, approver, outcome="rejected", amount=Decimal(0))
    decision = app.current_decision
    decision.decided_on = dt.date.today() - dt.timedelta(days=30)
    decision.appeal_deadline = decision.decided_on + dt.timedelta(days=21)
    decision.save()
    services.appeal_register(
        user=officer, application_id=app.pk, received_on=dt.date.today(), summary="For sent."
    )
    assert app.appeals.get().within_deadline is False


def test_external_board_rule_blocks_a_grant(officer, approver):
    s = factories.scheme("ressursmiljo", external_board_rule=True)
    org = factories.organisation(
        factories.ORGNRS[1], type="voluntary", membership_based=False, has_external_board=False
    )
    a = factories.application(officer, scheme_obj=s, org=org)
    factories.assess(a, officer)
    with pytest.raises(TransitionRefused, match="eksternt styre"):
        _take(officer, a, "send_to_decision")
    org.has_external_board = org.board_has_immigrant_background = True
    org.save()
    _take(officer, a, "send_to_decision")


def test_organisation_type_must_be_eligible(officer):
    s = factories.scheme("mangfold", eligible_types=["employer"])
    org = factories.organisation()
    with pytest.raises(ValidationError, match="kommune"):
        factories.application(officer, scheme_obj=s, org=org)


def test_approver_with_a_conflict_of_interest_may_not_decide(app, officer, approver):
    factories.ready_for_decision(app, officer)
    second = factories.approver_like(approver)
    services.impartiality_declare(
        user=approver, application_id=app.pk, conflict=True, reason="Nær venn av daglig leder."
    )
    app.refresh_from_db()
    assert app.officer == officer  # the officer keeps the case
    with pytest.raises(TransitionRefused, match="inhabil"):
        services.decision_create(
            user=approver, application_id=app.pk, outcome="granted", amount=None, reasons="ok"
        )
    services.decision_create(
        user=second, application_id=app.pk, outcome="granted", amount=None, reasons="ok"
    )
    app.refresh_from_db()
    assert app.status == Status.DECIDED


def test_officer_cannot_declare_at_the_decision_stage(app, officer, officer2):
    factories.ready_for_decision(app, officer)
    with pytest.raises(ValidationError, match="godkjenneren"):
        services.impartiality_declare(user=officer2, application_id=app.pk, conflict=False)


ROLE_OF = {
    "grant_officer": Role.GRANT_OFFICER,
    "grant_approver": Role.GRANT_APPROVER,
    "advisor": Role.DIVERSITY_ADVISOR,
    "coordinator": Role.CASEWORK_COORDINATOR,
    "hr": Role.HR_OFFICER,
    "reader": Role.REPORT_READER,
    "admin": Role.ADMINISTRATOR,
}


def test_each_transition_is_open_to_its_roles_only_and_from_its_statuses_only(personas, app):
    role_refusal = "Din rolle kan ikke utføre denne handlingen."
    for transition in workflow.TRANSITIONS:
        app.status = transition.sources[0]
        for persona, role in ROLE_OF.items():
            reason = workflow.refusal(transition, app, personas[persona])
            if role in transition.roles:
                assert reason != role_refusal, (transition.name, persona)
            else:
                assert reason == role_refusal, (transition.name, persona)
        allowed_user = personas[
            "grant_officer" if Role.GRANT_OFFICER in transition.roles else "grant_approver"
        ]
        for status in set(Status) - set(transition.sources):
            app.status = status
            reason = workflow.refusal(transition, app, allowed_user)
            assert reason and reason.startswith("Handlingen er ikke mulig"), (
                transition.name,
                status,
            )
