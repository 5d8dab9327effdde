"""Every write of the grants app: keyword-only functions, each its own transaction.

A refused action raises ``ValidationError`` (or ``TransitionRefused``) with a Norwegian
message and leaves nothing saved. Every change writes an application history entry where it
concerns an application, and an audit event (never the content of a record).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import workflow
from grants.models import (
    Appeal,
    Application,
    Assessment,
    Attachment,
    BudgetLine,
    Call,
    ContactPerson,
    CriterionScore,
    Decision,
    GrantReport,
    HistoryEntry,
    ImpartialityDeclaration,
    Organisation,
    Participant,
    Payment,
    RepaymentClaim,
    Scheme,
    SchemeBudget,
    Status,
)
from grants.selectors import STATISTICS_DATA
from grants.workflow import TransitionRefused
from imdi import audit, datacache
from imdi.roles import Role, has_role

APPEAL_DAYS = 21  # three weeks, forvaltningsloven § 29


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _history(application, user, kind, text="", from_status="", to_status="") -> HistoryEntry:
    return HistoryEntry.objects.create(
        application=application,
        user=user,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=to_status,
    )


def _locked(application_id: int) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("scheme", "organisation")
        .get(pk=application_id)
    )


def _move(application: Application, transition_name: str, user, request, text: str = ""):
    """Apply a declared transition to a locked application."""
    transition = workflow.get(transition_name)
    reason = workflow.refusal(transition, application, user)
    if reason:
        raise TransitionRefused(reason)
    before = application.status
    application.status = transition.target
    application.save(update_fields=["status", "officer", "updated_at"])
    _history(
        application,
        user,
        HistoryEntry.Kind.TRANSITION,
        text=text,
        from_status=before,
        to_status=transition.target,
    )
    audit.record(
        request,
        audit.Action.TRANSITION,
        application,
        user=user,
        detail=f"{transition.name}: {before} -> {transition.target}",
    )
    return application


# --- Organisations -------------------------------------------------------------------------


@transaction.atomic
def organisation_save(*, user, request=None, organisation: Organisation) -> Organisation:
    """Create or update an organisation already validated by its form."""
    created = organisation.pk is None
    organisation.full_clean()
    organisation.save()
    audit.record(
        request, audit.Action.CREATE if created else audit.Action.UPDATE, organisation, user=user
    )
    return organisation


@transaction.atomic
def contact_person_create(*, user, request=None, organisation: Organisation, **fields):
    contact = ContactPerson(organisation=organisation, **fields)
    contact.full_clean()
    contact.save()
    audit.record(request, audit.Action.CREATE, contact, user=user)
    return contact


# --- Applications ---------------------------------------------------------------------------


def _check_eligible(organisation: Organisation, scheme: Scheme) -> None:
    if scheme.eligible_types and organisation.type not in scheme.eligible_types:
        raise ValidationError(
            _("A %(type)s may not apply under %(scheme)s.")
            % {"type": organisation.get_type_display().lower(), "scheme": scheme.name}
        )


@transaction.atomic
def application_create(
    *,
    user,
    request=None,
    organisation: Organisation,
    scheme: Scheme,
    call: Call | None,
    title: str,
    description: str = "",
    period_start: dt.date,
    period_end: dt.date,
    amount_applied: Decimal,
    planned_participants: int | None = None,
    target_group: str = "",
    received_on: dt.date | None = None,
    budget_lines: list[dict] | None = None,
    submitted: bool = True,
    external_ref: str = "",
) -> Application:
    _check_eligible(organisation, scheme)
    if call is not None and call.scheme_id != scheme.pk:
        raise ValidationError(_("The call belongs to another scheme."))
    year = call.year if call is not None else period_start.year
    application = Application(
        organisation=organisation,
        scheme=scheme,
        call=call,
        year=year,
        title=title,
        description=description,
        period_start=period_start,
        period_end=period_end,
        amount_applied=amount_applied,
        planned_participants=planned_participants,
        target_group=target_group,
        status=Status.SUBMITTED if submitted else Status.DRAFT,
        received_on=(received_on or timezone.localdate()) if submitted else None,
        external_ref=external_ref,
    )
    if period_end < period_start:
        raise ValidationError(_("The project ends before it starts."))
    application.full_clean()
    application.save()
    for line in budget_lines or []:
        BudgetLine.objects.create(application=application, **line)
    _history(application, user, HistoryEntry.Kind.CREATED, to_status=application.status)
    audit.record(request, audit.Action.CREATE, application, user=user)
    return application


EDITABLE = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.IN_ASSESSMENT)


@transaction.atomic
def application_update(*, user, request=None, application_id: int, **fields) -> Application:
    application = _locked(application_id)
    if application.status not in EDITABLE:
        raise ValidationError(_("The application can no longer be changed."))
    for name, value in fields.items():
        setattr(application, name, value)
    if application.call is not None:
        application.year = application.call.year
    _check_eligible(application.organisation, application.scheme)
    application.full_clean()
    application.save()
    _history(application, user, HistoryEntry.Kind.COMMENT, text=_("Application changed."))
    audit.record(request, audit.Action.UPDATE, application, user=user)
    return application


@transaction.atomic
def budget_line_create(*, user, request=None, application_id: int, kind, description, amount):
    application = _locked(application_id)
    if application.status not in EDITABLE:
        raise ValidationError(_("The application can no longer be changed."))
    line = BudgetLine(application=application, kind=kind, description=description, amount=amount)
    line.full_clean()
    line.save()
    audit.record(request, audit.Action.CREATE, line, user=user)
    return line


@transaction.atomic
def application_transition(
    *, user, request=None, application_id: int, name: str, comment: str = ""
) -> Application:
    """Take a transition that needs no form of its own (the via_form ones have services)."""
    transition = workflow.get(name)
    if transition.via_form:
        raise TransitionRefused(_("This action is taken through its own form."))
    application = _locked(application_id)
    if name == "start_assessment" and application.officer_id is None:
        reason = workflow.refusal(transition, application, user)
        if reason:
            raise TransitionRefused(reason)
        application.officer = user
    return _move(application, name, user, request, text=comment)


@transaction.atomic
def comment_add(*, user, request=None, application_id: int, text: str) -> HistoryEntry:
    application = _locked(application_id)
    if not text.strip():
        raise ValidationError(_("Write a comment."))
    entry = _history(application, user, HistoryEntry.Kind.COMMENT, text=text.strip())
    audit.record(request, audit.Action.UPDATE, application, user=user, detail="comment")
    return entry


@transaction.atomic
def attachment_add(*, user, request=None, application_id: int, uploaded) -> Attachment:
    application = _locked(application_id)
    name = uploaded.name.rsplit("/", 1)[-1][:200]
    attachment = Attachment(application=application, name=name, uploaded_by=user)
    attachment.file.save(name, uploaded, save=False)
    attachment.save()
    _history(application, user, HistoryEntry.Kind.ATTACHMENT, text=name)
    audit.record(request, audit.Action.CREATE, attachment, user=user)
    return attachment


# --- Impartiality, assignment and assessment ---------------------------------------------------


@transaction.atomic
def impartiality_declare(
    *, user, request=None, application_id: int, conflict: bool, reason: str = ""
) -> ImpartialityDeclaration:
    """The officer declares impartiality, or a conflict of interest (fvl. § 6). A conflict
    releases the case from the officer: it must be reassigned."""
    application = _locked(application_id)
    deciding = application.status == Status.READY_FOR_DECISION
    if deciding:
        # The approver declares before deciding; a conflict keeps them from the decision.
        if not has_role(user, Role.GRANT_APPROVER):
            raise ValidationError(_("Only the approver declares impartiality at this stage."))
    else:
        if not has_role(user, Role.GRANT_OFFICER):
            raise ValidationError(_("Only grant officers assess applications."))
        if application.officer_id and application.officer_id != user.pk:
            raise ValidationError(_("The case is assigned to another officer."))
    if ImpartialityDeclaration.objects.filter(application=application, officer=user).exists():
        raise ValidationError(_("You have already declared your impartiality in this case."))
    if conflict and not reason.strip():
        raise ValidationError(_("Say briefly why you are not impartial."))
    declaration = ImpartialityDeclaration.objects.create(
        application=application, officer=user, conflict=conflict, reason=reason.strip()
    )
    if conflict:
        if application.officer_id == user.pk:
            application.officer = None
            application.save(update_fields=["officer", "updated_at"])
        text = (
            _("Declared a conflict of interest; another approver must decide.")
            if deciding
            else _("Declared a conflict of interest; the case must go to another officer.")
        )
    else:
        if application.officer_id is None and not deciding:
            application.officer = user
            application.save(update_fields=["officer", "updated_at"])
        text = _("Declared impartiality.")
    _history(application, user, HistoryEntry.Kind.IMPARTIALITY, text=text)
    audit.record(
        request,
        audit.Action.CREATE,
        declaration,
        user=user,
        detail="conflict" if conflict else "impartial",
    )
    return declaration


@transaction.atomic
def application_assign(*, user, request=None, application_id: int, officer) -> Application:
    application = _locked(application_id)
    if not has_role(officer, Role.GRANT_OFFICER):
        raise ValidationError(_("The case can only be assigned to a grant officer."))
    if workflow.declared_conflict(application, officer):
        raise ValidationError(
            _("%(name)s has declared a conflict of interest in this case.")
            % {"name": officer.get_full_name() or officer.get_username()}
        )
    if application.status in (Status.CLOSED, Status.WITHDRAWN):
        raise ValidationError(_("A closed case is not assigned."))
    application.officer = officer
    application.save(update_fields=["officer", "updated_at"])
    _history(
        application,
        user,
        HistoryEntry.Kind.ASSIGNMENT,
        text=officer.get_full_name() or officer.get_username(),
    )
    audit.record(request, audit.Action.TRANSFER, application, user=user, detail=f"to {officer.pk}")
    return application


@transaction.atomic
def assessment_save(
    *,
    user,
    request=None,
    application_id: int,
    recommendation: str,
    proposed_amount: Decimal,
    summary: str,
    scores: dict[int, int],
) -> Assessment:
    application = _locked(application_id)
    if application.status != Status.IN_ASSESSMENT:
        raise ValidationError(_("The application is assessed only while it is being assessed."))
    if workflow.declared_conflict(application, user):
        raise ValidationError(
            _("You have declared a conflict of interest in this case and may not assess it.")
        )
    if application.officer_id != user.pk:
        raise ValidationError(_("The case is assigned to another officer."))
    if not workflow.declared_impartial(application, user):
        raise ValidationError(_("Declare your impartiality before you assess the application."))
    if proposed_amount > application.amount_applied:
        raise ValidationError(_("The proposed amount exceeds the amount applied for."))
    if recommendation == Assessment.Recommendation.REJECT and proposed_amount:
        raise ValidationError(_("A recommended rejection proposes no amount."))
    criteria = {c.pk: c for c in application.scheme.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Every assessment criterion of the scheme must have a score."))
    assessment, _created = Assessment.objects.update_or_create(
        application=application,
        defaults={
            "officer": user,
            "recommendation": recommendation,
            "proposed_amount": proposed_amount,
            "summary": summary,
        },
    )
    for criterion_id, score in scores.items():
        if not 1 <= int(score) <= 6:
            raise ValidationError(_("Scores run from 1 to 6."))
        CriterionScore.objects.update_or_create(
            assessment=assessment, criterion_id=criterion_id, defaults={"score": int(score)}
        )
    _history(
        application,
        user,
        HistoryEntry.Kind.ASSESSMENT,
        text=_("Assessment registered: %(rec)s.")
        % {"rec": assessment.get_recommendation_display().lower()},
    )
    audit.record(request, audit.Action.UPDATE, assessment, user=user)
    return assessment


# --- Decisions ---------------------------------------------------------------------------------


def granted_sum(scheme_id: int, year: int, *, exclude_application: int | None = None) -> Decimal:
    qs = Decision.objects.filter(
        is_current=True,
        outcome__in=Decision.GRANTING,
        application__scheme_id=scheme_id,
        application__year=year,
    )
    if exclude_application is not None:
        qs = qs.exclude(application_id=exclude_application)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def decision_create(
    *,
    user,
    request=None,
    application_id: int,
    outcome: str,
    amount: Decimal | None,
    reasons: str,
    conditions: str = "",
    decided_on: dt.date | None = None,
    report_deadline: dt.date | None = None,
) -> Decision:
    """Decide an application ready for decision, within the scheme's budget for the year.

    The budget row is locked for the rest of the transaction and the granted sum computed
    again under the lock, so that two decisions at the same moment cannot overspend it.
    """
    application = _locked(application_id)
    transition = workflow.get("decide")
    reason = workflow.refusal(transition, application, user)
    if reason:
        raise TransitionRefused(reason)
    if not reasons.strip():
        raise ValidationError(_("A decision states its reasons."))
    amount = Decimal(0) if amount is None else Decimal(amount)
    if outcome == Decision.Outcome.GRANTED:
        if amount == 0:
            amount = application.amount_applied
        if amount != application.amount_applied:
            raise ValidationError(
                _("A full grant is the amount applied for; choose partly granted otherwise.")
            )
    elif outcome == Decision.Outcome.PARTLY_GRANTED:
        if not 0 < amount < application.amount_applied:
            raise ValidationError(
                _("A partial grant is more than 0 kr and less than the amount applied for.")
            )
    elif outcome == Decision.Outcome.REJECTED:
        if amount:
            raise ValidationError(_("A rejection grants no amount."))
    else:
        raise ValidationError(_("Choose an outcome."))
    if (
        outcome in Decision.GRANTING
        and application.scheme.external_board_rule
        and not application.organisation.meets_external_board_rule
    ):
        raise ValidationError(
            _(
                "The organisation is not membership-based and has no external board with "
                "members of immigrant background, so it cannot be granted under this scheme."
            )
        )
    if outcome in Decision.GRANTING:
        try:
            budget = SchemeBudget.objects.select_for_update().get(
                scheme_id=application.scheme_id, year=application.year
            )
        except SchemeBudget.DoesNotExist:
            raise ValidationError(
                _("The scheme has no budget for %(year)s.") % {"year": application.year}
            ) from None
        already = granted_sum(
            application.scheme_id, application.year, exclude_application=application.pk
        )
        # Where municipalities grant part of the budget locally, the directorate grants
        # from its own part only.
        available = budget.directorate_share
        if already + amount > available:
            from imdi.formatting import nok

            raise ValidationError(
                _(
                    "The grant would exceed the scheme's budget for %(year)s: "
                    "%(left)s is left of %(budget)s."
                )
                % {
                    "year": application.year,
                    "left": nok(available - already),
                    "budget": nok(available),
                }
            )
    decided_on = decided_on or timezone.localdate()
    if outcome in Decision.GRANTING and report_deadline is None:
        report_deadline = add_months(application.period_end, application.scheme.report_months)
    previous = application.decisions.filter(is_current=True)
    previous.update(is_current=False)
    datacache.bump(STATISTICS_DATA)  # update() sends no signal
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount=amount,
        reasons=reasons.strip(),
        conditions=conditions.strip(),
        prepared_by_id=workflow.preparer_id(application),
        decided_by=user,
        decided_on=decided_on,
        appeal_deadline=decided_on + dt.timedelta(days=APPEAL_DAYS),
        report_deadline=report_deadline if outcome in Decision.GRANTING else None,
    )
    application.report_deadline = decision.report_deadline
    application.save(update_fields=["report_deadline", "updated_at"])
    _history(
        application,
        user,
        HistoryEntry.Kind.DECISION,
        text=f"{decision.get_outcome_display()}: {amount:.0f} kr",
    )
    audit.record(request, audit.Action.CREATE, decision, user=user, detail=outcome)
    _move(application, "decide", user, request)

    from grants.tasks import render_decision_letter

    transaction.on_commit(lambda: render_decision_letter.delay(decision.pk))
    return decision


def decision_letter_render(*, decision_id: int, user=None) -> Decision:
    """Produce the decision letter as PDF (WeasyPrint) and keep it in private storage."""
    import weasyprint
    from django.template.loader import render_to_string

    decision = Decision.objects.select_related(
        "application__organisation__municipality", "application__scheme", "decided_by"
    ).get(pk=decision_id)
    html = render_to_string(
        "grants/letter.html",
        {"decision": decision, "application": decision.application, "appeal_days": APPEAL_DAYS},
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision_id)
        if decision.letter:
            decision.letter.delete(save=False)
        decision.letter.save(
            f"vedtak-{decision.application.reference}-{decision.pk}.pdf", ContentFile(pdf)
        )
        _history(decision.application, user, HistoryEntry.Kind.LETTER, text=decision.letter.name)
        audit.record(None, audit.Action.CREATE, decision, user=user, detail="letter")
    return decision


@transaction.atomic
def appeal_register(
    *, user, request=None, application_id: int, received_on: dt.date, summary: str
) -> Appeal:
    application = _locked(application_id)
    decision = application.current_decision
    if decision is None:
        raise ValidationError(_("There is no decision to appeal."))
    if received_on < decision.decided_on:
        raise ValidationError(_("An appeal cannot be received before the decision was made."))
    if received_on > timezone.localdate():
        raise ValidationError(_("The date the appeal was received cannot be in the future."))
    within = received_on <= decision.appeal_deadline
    appeal = Appeal(
        application=application,
        decision=decision,
        received_on=received_on,
        within_deadline=within,
        summary=summary.strip(),
        registered_by=user,
    )
    appeal.full_clean()
    appeal.save()
    _history(
        application,
        user,
        HistoryEntry.Kind.APPEAL,
        text=_("Appeal received within the deadline.")
        if within
        else _("Appeal received after the deadline."),
    )
    audit.record(request, audit.Action.CREATE, appeal, user=user)
    _move(application, "register_appeal", user, request)
    return appeal


# --- Payments, reports and repayment -----------------------------------------------------------


def _granted_amount(application: Application) -> Decimal:
    decision = application.current_decision
    if decision is None or not decision.is_grant:
        return Decimal(0)
    return decision.amount


@transaction.atomic
def payment_plan_add(
    *, user, request=None, application_id: int, amount: Decimal, due_on: dt.date
) -> Payment:
    """Add an instalment. All instalments together never exceed the amount granted."""
    application = _locked(application_id)
    if application.status not in (
        Status.TO_BE_PAID,
        Status.AWAITING_REPORT,
        Status.REPORT_DELIVERED,
    ):
        raise ValidationError(_("Payments are planned once the application is sent to payment."))
    granted = _granted_amount(application)
    planned = application.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if planned + amount > granted:
        from imdi.formatting import nok

        raise ValidationError(
            _("The instalments would exceed the amount granted: %(left)s is left to plan.")
            % {"left": nok(granted - planned)}
        )
    payment = Payment(application=application, amount=amount, due_on=due_on)
    payment.full_clean()
    payment.save()
    _history(application, user, HistoryEntry.Kind.PAYMENT, text=_("Instalment planned."))
    audit.record(request, audit.Action.CREATE, payment, user=user)
    return payment


@transaction.atomic
def payment_register(*, user, request=None, payment_id: int, paid_on: dt.date) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    application = _locked(payment.application_id)
    if payment.paid_on is not None:
        raise ValidationError(_("The instalment is already registered as paid."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("A payment cannot be registered in the future."))
    payment.paid_on = paid_on
    payment.registered_by = user
    payment.save(update_fields=["paid_on", "registered_by"])
    _history(application, user, HistoryEntry.Kind.PAYMENT, text=_("Instalment paid."))
    audit.record(request, audit.Action.UPDATE, payment, user=user, detail="paid")
    return payment


@transaction.atomic
def grant_report_register(
    *,
    user,
    request=None,
    application_id: int,
    received_on: dt.date,
    amount_spent: Decimal,
    results: str,
) -> GrantReport:
    application = _locked(application_id)
    report = GrantReport(
        application=application,
        received_on=received_on,
        amount_spent=amount_spent,
        results=results.strip(),
        registered_by=user,
    )
    report.full_clean()
    transition = workflow.get("register_report")
    reason = workflow.refusal(transition, application, user)
    if reason:
        raise TransitionRefused(reason)
    report.save()
    _history(application, user, HistoryEntry.Kind.REPORT, text=_("Grantee report registered."))
    audit.record(request, audit.Action.CREATE, report, user=user)
    _move(application, "register_report", user, request)
    return report


@transaction.atomic
def repayment_claim_create(
    *,
    user,
    request=None,
    application_id: int,
    amount: Decimal,
    reason: str,
    due_on: dt.date,
) -> RepaymentClaim:
    """Claim back unused or misused funds: at most what has been paid out."""
    application = _locked(application_id)
    paid = application.payments.filter(paid_on__isnull=False).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    claimed = application.repayment_claims.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if claimed + amount > paid:
        from imdi.formatting import nok

        raise ValidationError(
            _("The claim exceeds what has been paid out: at most %(left)s can be claimed.")
            % {"left": nok(paid - claimed)}
        )
    claim = RepaymentClaim(
        application=application,
        amount=amount,
        reason=reason.strip(),
        claimed_on=timezone.localdate(),
        due_on=due_on,
    )
    claim.full_clean()
    transition = workflow.get("claim_repayment")
    refusal = workflow.refusal(transition, application, user)
    if refusal:
        raise TransitionRefused(refusal)
    claim.save()
    _history(application, user, HistoryEntry.Kind.REPAYMENT, text=_("Repayment claimed."))
    audit.record(request, audit.Action.CREATE, claim, user=user)
    _move(application, "claim_repayment", user, request)
    return claim


@transaction.atomic
def repayment_register(*, user, request=None, claim_id: int, repaid_on: dt.date) -> RepaymentClaim:
    claim = RepaymentClaim.objects.select_for_update().get(pk=claim_id)
    application = _locked(claim.application_id)
    if claim.repaid_on is not None:
        raise ValidationError(_("The claim is already registered as repaid."))
    claim.repaid_on = repaid_on
    claim.save(update_fields=["repaid_on"])
    _history(application, user, HistoryEntry.Kind.REPAYMENT, text=_("Repayment received."))
    audit.record(request, audit.Action.UPDATE, claim, user=user, detail="repaid")
    return claim


# --- Jobbsjansen participants ------------------------------------------------------------------


def _check_participant(participant: Participant) -> None:
    if not participant.application.scheme.has_participants:
        raise ValidationError(_("Participants are registered on Jobbsjansen projects only."))
    if participant.end_date and participant.end_date < participant.start_date:
        raise ValidationError(_("The end date comes before the start date."))
    if participant.end_date and not participant.outcome:
        raise ValidationError(_("A participant who has left needs an outcome."))
    if participant.outcome and not participant.end_date:
        raise ValidationError(_("An outcome needs the date the participant left."))


@transaction.atomic
def participant_save(*, user, request=None, participant: Participant) -> Participant:
    created = participant.pk is None
    _check_participant(participant)
    participant.full_clean()
    participant.save()
    audit.record(
        request, audit.Action.CREATE if created else audit.Action.UPDATE, participant, user=user
    )
    return participant


# --- Imports: all or nothing ---------------------------------------------------------------


@transaction.atomic
def applications_import(*, user, request=None, uploaded) -> list[Application]:
    """Applications from the external portal's spreadsheet. Raises ImportFailed with every
    problem and saves nothing, or saves every row."""
    from grants.imports import ImportFailed, Problem, check_applications

    rows = check_applications(uploaded)
    calls = {(c.scheme_id, c.year): c for c in Call.objects.all()}
    created = []
    problems = []
    for number, row in enumerate(rows, start=2):
        organisation, _new = Organisation.objects.get_or_create(
            orgnr=row["orgnr"],
            defaults={
                "name": row["name"],
                "type": row["type"],
                "municipality": row["municipality"],
            },
        )
        try:
            with transaction.atomic():
                created.append(
                    application_create(
                        user=user,
                        request=None,
                        organisation=organisation,
                        scheme=row["scheme"],
                        call=calls.get((row["scheme"].pk, row["year"])),
                        title=row["title"],
                        description=row["description"],
                        period_start=row["period_start"],
                        period_end=row["period_end"],
                        amount_applied=row["amount_applied"],
                        planned_participants=row["planned_participants"],
                        target_group=row["target_group"],
                        received_on=row["received_on"],
                        external_ref=row["external_ref"],
                    )
                )
        except ValidationError as exc:
            problems.extend(Problem(number, "-", m) for m in exc.messages)
    if problems:
        raise ImportFailed(problems)
    audit.record(
        request,
        audit.Action.IMPORT,
        user=user,
        object_type="grants.application",
        detail=f"{len(created)} rows",
    )
    return created


@transaction.atomic
def participants_import(*, user, request=None, uploaded) -> list[Participant]:
    from grants.imports import check_participants

    rows = check_participants(uploaded)
    participants = Participant.objects.bulk_create(Participant(**row) for row in rows)
    datacache.bump(STATISTICS_DATA)  # bulk_create sends no signal
    audit.record(
        request,
        audit.Action.IMPORT,
        user=user,
        object_type="grants.participant",
        detail=f"{len(participants)} rows",
    )
    return participants
