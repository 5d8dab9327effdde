"""The case flow, declared once: each transition's name, the statuses it leaves, the status it
reaches, the roles that may take it, and a guard that says (in Norwegian) why it is refused.

Services apply a transition with :func:`grants.services.application_transition`, which locks
the application row, checks :func:`refusal` again inside the transaction and writes the
history entry and the audit event. Pages ask :func:`available` which buttons to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Application, Decision, ImpartialityDeclaration, Status, prefetched
from imdi.roles import Role, has_role

OFFICER = (Role.GRANT_OFFICER,)
APPROVER = (Role.GRANT_APPROVER,)
GRANT_STAFF = (Role.GRANT_OFFICER, Role.GRANT_APPROVER)

Guard = Callable[[Application, object], str | None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[Status, ...]
    target: Status
    roles: tuple[Role, ...]
    guard: Guard | None = None
    # Taken through a form of its own (a decision, an appeal, a report), not a bare button.
    via_form: bool = False


# --- Guards: None when allowed, otherwise the reason ----------------------------------------


def _declared(application: Application, user, conflict: bool) -> bool:
    declarations = prefetched(application, "declarations")
    if declarations is not None:  # the detail page loaded them once
        return any(d.officer_id == user.pk and d.conflict == conflict for d in declarations)
    return ImpartialityDeclaration.objects.filter(
        application=application, officer=user, conflict=conflict
    ).exists()


def declared_conflict(application: Application, user) -> bool:
    return _declared(application, user, True)


def declared_impartial(application: Application, user) -> bool:
    return _declared(application, user, False)


def _assigned_officer(application: Application, user) -> str | None:
    if declared_conflict(application, user):
        return _(
            "You have declared a conflict of interest in this case. It must be assessed by "
            "another officer."
        )
    if application.officer_id and application.officer_id != user.pk:
        return _("The case is assigned to another officer.")
    return None


def _can_start_assessment(application: Application, user) -> str | None:
    reason = _assigned_officer(application, user)
    if reason:
        return reason
    if not declared_impartial(application, user):
        return _("Declare your impartiality before you assess the application.")
    return None


def _assessment_complete(application: Application, user) -> str | None:
    reason = _assigned_officer(application, user)
    if reason:
        return reason
    assessment = getattr(application, "assessment", None)
    if assessment is None:
        return _("Register the assessment (scores, recommendation and proposed amount) first.")
    criteria = set(application.scheme.criteria.values_list("id", flat=True))
    scores = prefetched(assessment, "scores")
    if scores is not None:
        scored = {s.criterion_id for s in scores}
    else:
        scored = set(assessment.scores.values_list("criterion_id", flat=True))
    if not criteria <= scored:
        return _("Every assessment criterion of the scheme must have a score.")
    if (
        application.scheme.external_board_rule
        and assessment.recommendation != assessment.Recommendation.REJECT
        and not application.organisation.meets_external_board_rule
    ):
        return _(
            "The organisation is not membership-based and has no external board with members "
            "of immigrant background, so it cannot be granted under this scheme."
        )
    return None


def preparer_id(application: Application) -> int | None:
    """The officer who prepared the decision: the author of the assessment."""
    assessment = getattr(application, "assessment", None)
    return assessment.officer_id if assessment is not None else None


def _may_decide(application: Application, user) -> str | None:
    if application.scheme.four_eyes:
        if not has_role(user, Role.GRANT_APPROVER):
            return _("This scheme requires the decision to be made by an approver.")
        if preparer_id(application) == user.pk:
            return _(
                "This scheme requires four eyes: the decision must be made by someone other "
                "than the one who prepared it."
            )
    if declared_conflict(application, user):
        return _("You have declared a conflict of interest in this case.")
    return None


def _decision_is_grant(application: Application, user) -> str | None:
    decision = application.current_decision
    if decision is None or decision.outcome not in Decision.GRANTING:
        return _("Only a granted application goes to payment.")
    return None


def _decision_is_rejection(application: Application, user) -> str | None:
    decision = application.current_decision
    if decision is not None and decision.outcome in Decision.GRANTING:
        return _("A granted application is closed after the grantee's report.")
    return None


def _payments_made(application: Application, user) -> str | None:
    if application.scheme.payment_mode == application.scheme.PaymentMode.AFTER_REPORT:
        return None
    payments = prefetched(application, "payments")
    if payments is not None:
        paid = any(p.paid_on is not None for p in payments)
    else:
        paid = application.payments.filter(paid_on__isnull=False).exists()
    if not paid:
        return _("Register at least one payment before waiting for the report.")
    return None


def _report_closable(application: Application, user) -> str | None:
    claims = prefetched(application, "repayment_claims")
    if claims is not None:
        still_open = any(c.repaid_on is None for c in claims)
    else:
        still_open = application.repayment_claims.filter(repaid_on__isnull=True).exists()
    if still_open:
        return _("A repayment claim is still open.")
    return None


def _officer_only(application: Application, user) -> str | None:
    return _assigned_officer(application, user)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        gettext_lazy("Register as submitted"),
        (Status.DRAFT, Status.RETURNED),
        Status.SUBMITTED,
        OFFICER,
    ),
    Transition(
        "withdraw",
        gettext_lazy("Register withdrawal"),
        (Status.DRAFT, Status.SUBMITTED, Status.IN_ASSESSMENT, Status.RETURNED),
        Status.WITHDRAWN,
        OFFICER,
    ),
    Transition(
        "start_assessment",
        gettext_lazy("Start assessment"),
        (Status.SUBMITTED,),
        Status.IN_ASSESSMENT,
        OFFICER,
        _can_start_assessment,
    ),
    Transition(
        "return_to_applicant",
        gettext_lazy("Return to applicant for changes"),
        (Status.IN_ASSESSMENT,),
        Status.RETURNED,
        OFFICER,
        _officer_only,
    ),
    Transition(
        "send_to_decision",
        gettext_lazy("Send for decision"),
        (Status.IN_ASSESSMENT,),
        Status.READY_FOR_DECISION,
        OFFICER,
        _assessment_complete,
    ),
    Transition(
        "send_back",
        gettext_lazy("Send back for reassessment"),
        (Status.READY_FOR_DECISION,),
        Status.IN_ASSESSMENT,
        APPROVER,
    ),
    # The guard of a decision (four eyes, budget) is checked by grants.services.decision_create.
    Transition(
        "decide",
        gettext_lazy("Make decision"),
        (Status.READY_FOR_DECISION,),
        Status.DECIDED,
        GRANT_STAFF,
        _may_decide,
        via_form=True,
    ),
    Transition(
        "register_appeal",
        gettext_lazy("Register appeal"),
        (Status.DECIDED, Status.TO_BE_PAID),
        Status.APPEALED,
        OFFICER,
        via_form=True,
    ),
    Transition(
        "reassess",
        gettext_lazy("Reassess after appeal"),
        (Status.APPEALED,),
        Status.IN_ASSESSMENT,
        OFFICER,
        _officer_only,
    ),
    Transition(
        "to_payment",
        gettext_lazy("Send to payment"),
        (Status.DECIDED,),
        Status.TO_BE_PAID,
        OFFICER,
        _decision_is_grant,
    ),
    Transition(
        "await_report",
        gettext_lazy("Await the grantee's report"),
        (Status.TO_BE_PAID,),
        Status.AWAITING_REPORT,
        OFFICER,
        _payments_made,
    ),
    Transition(
        "register_report",
        gettext_lazy("Register grantee report"),
        (Status.AWAITING_REPORT,),
        Status.REPORT_DELIVERED,
        OFFICER,
        via_form=True,
    ),
    Transition(
        "claim_repayment",
        gettext_lazy("Claim repayment"),
        (Status.REPORT_DELIVERED,),
        Status.REPAYMENT_CLAIMED,
        OFFICER,
        via_form=True,
    ),
    Transition(
        "close",
        gettext_lazy("Close the case"),
        (Status.REPORT_DELIVERED, Status.REPAYMENT_CLAIMED),
        Status.CLOSED,
        OFFICER,
        _report_closable,
    ),
    Transition(
        "close_rejected",
        gettext_lazy("Close the case"),
        (Status.DECIDED,),
        Status.CLOSED,
        OFFICER,
        _decision_is_rejection,
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """A transition that may not be taken; ``str(exc)`` is the Norwegian reason."""


def get(name: str) -> Transition:
    try:
        return BY_NAME[name]
    except KeyError:
        raise TransitionRefused(_("Unknown action.")) from None


def refusal(transition: Transition, application: Application, user) -> str | None:
    """Why ``user`` may not take ``transition`` on ``application`` now, or None."""
    if not has_role(user, *transition.roles):
        return _("Your role may not take this action.")
    if application.status not in transition.sources:
        return _("The action is not possible when the application is %(status)s.") % {
            "status": application.get_status_display().lower()
        }
    if transition.guard is not None:
        return transition.guard(application, user)
    return None


def available(application: Application, user) -> list[tuple[Transition, str | None]]:
    """The transitions from the current status that the user's roles allow, each with the
    reason it is refused now (None when it can be taken)."""
    return [
        (t, refusal(t, application, user))
        for t in TRANSITIONS
        if application.status in t.sources and has_role(user, *t.roles)
    ]
