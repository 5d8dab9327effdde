"""The portal's roles, declared once.

Each role is a Django group, created and kept in step by ``manage.py sync_roles``.
Views decide access by role through :func:`has_role` / :func:`role_required`; the
model permissions listed here are what the role may do in the Django admin.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    # The value is the group's name, as administrators see it.
    ADMINISTRATOR = "Administrator"
    GRANT_OFFICER = "Tilskuddsforvalter"
    GRANT_APPROVER = "Tilskuddsgodkjenner"
    DIVERSITY_ADVISOR = "Mangfoldsrådgiver"
    SPECIAL_ENVOY = "Spesialutsending"
    CASEWORK_COORDINATOR = "Fagkoordinator"
    HR_OFFICER = "HR-rådgiver"
    REPORT_READER = "Rapportleser"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: _("Manages users and reference data in the admin. Sees no case contents."),
    Role.GRANT_OFFICER: _("Assesses applications, prepares decisions and registers payments."),
    Role.GRANT_APPROVER: _("Makes decisions on grants (four eyes)."),
    Role.DIVERSITY_ADVISOR: _("Registers and follows up own cases and logs outreach."),
    Role.SPECIAL_ENVOY: _("Registers and follows up own cases from an embassy."),
    Role.CASEWORK_COORDINATOR: _("Assigns and transfers cases, sees statistics; never notes."),
    Role.HR_OFFICER: _("Imports and corrects employee data and writes the equality text."),
    Role.REPORT_READER: _("Reads dashboards and reports: aggregates only."),
}

# Groups of roles that pages test against.
GRANT_ROLES = (Role.GRANT_OFFICER, Role.GRANT_APPROVER)
CASE_OWNER_ROLES = (Role.DIVERSITY_ADVISOR, Role.SPECIAL_ENVOY)
CASEWORK_ROLES = (*CASE_OWNER_ROLES, Role.CASEWORK_COORDINATOR)
REPORT_ROLES = (Role.HR_OFFICER, Role.REPORT_READER, Role.ADMINISTRATOR)
# Roles that must log in with a second factor (special-category personal data).
TWO_FACTOR_ROLES = CASEWORK_ROLES

# Admin permissions per role: "app_label.model" grants all four actions on the model,
# "app_label.codename" one permission. Case, person and journal models are never listed:
# they stay out of the admin for everyone.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "auth.user",
        "auth.group",
        "imdi.county",
        "imdi.municipality",
        "imdi.view_auditevent",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
        "django_celery_beat.periodictask",
        "django_celery_beat.crontabschedule",
        "django_celery_beat.intervalschedule",
        "otp_totp.totpdevice",
        "grants.scheme",
        "grants.schemebudget",
        "grants.call",
        "grants.criterion",
        "grants.organisation",
        "grants.municipalallocation",
        "casework.advisor",
        "reports.reportexport",
    ],
    Role.GRANT_OFFICER: [
        "grants.organisation",
        "grants.contactperson",
        "grants.application",
        "grants.budgetline",
        "grants.payment",
        "grants.grantreport",
        "grants.participant",
        "grants.attachment",
        "grants.appeal",
        "grants.repaymentclaim",
        "grants.view_decision",
        "grants.view_assessment",
        "grants.view_impartialitydeclaration",
        "grants.view_historyentry",
    ],
    Role.GRANT_APPROVER: [
        "grants.view_application",
        "grants.view_decision",
        "grants.view_organisation",
    ],
    Role.DIVERSITY_ADVISOR: [],
    Role.SPECIAL_ENVOY: [],
    Role.CASEWORK_COORDINATOR: ["casework.view_advisor"],
    Role.HR_OFFICER: [
        "hr.employeerecord",
        "hr.immigrantbackground",
        "hr.equalitywork",
        "hr.measure",
    ],
    Role.REPORT_READER: [],
}


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The names of the user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_imdi_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._imdi_roles = cached
    return cached


def has_role(user, *roles: Role | str) -> bool:
    if not getattr(user, "is_active", False):
        return False
    mine = user_roles(user)
    return any(str(role) in mine for role in roles)


def role_required(*roles: Role) -> Callable:
    """Refuse (403) a view to users without one of the roles; the refusal is audited."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                from imdi import audit

                audit.record(
                    request,
                    audit.Action.ACCESS_REFUSED,
                    object_type="view",
                    object_id=request.resolver_match.view_name if request.resolver_match else "",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = tuple(roles)
        return wrapped

    return decorator


def requires_two_factor(user) -> bool:
    return has_role(user, *TWO_FACTOR_ROLES)
