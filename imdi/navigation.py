"""The menu: what each role may use, and nothing else.

Each app's pages are listed here once. An entry whose URL does not exist (an app not yet
installed in this build) is left out.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from imdi.roles import Role, has_role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...]
    section: str | Promise = ""


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(
        _("My work list"), "grants:worklist", (Role.GRANT_OFFICER, Role.GRANT_APPROVER), _("Grants")
    ),
    NavItem(
        _("Applications"),
        "grants:application_list",
        (Role.GRANT_OFFICER, Role.GRANT_APPROVER),
        _("Grants"),
    ),
    NavItem(
        _("Organisations"),
        "grants:organisation_list",
        (Role.GRANT_OFFICER, Role.GRANT_APPROVER),
        _("Grants"),
    ),
    NavItem(
        _("Jobbsjansen participants"), "grants:participant_list", (Role.GRANT_OFFICER,), _("Grants")
    ),
    NavItem(
        _("Grant statistics"),
        "grants:statistics",
        (Role.GRANT_OFFICER, Role.GRANT_APPROVER, Role.REPORT_READER),
        _("Grants"),
    ),
    NavItem(
        _("My cases"), "casework:my_cases", (Role.DIVERSITY_ADVISOR, Role.SPECIAL_ENVOY), _("Cases")
    ),
    NavItem(
        _("Outreach"),
        "casework:outreach_list",
        (Role.DIVERSITY_ADVISOR, Role.SPECIAL_ENVOY),
        _("Cases"),
    ),
    NavItem(_("Case overview"), "casework:overview", (Role.CASEWORK_COORDINATOR,), _("Cases")),
    NavItem(
        _("Case statistics"),
        "casework:statistics",
        (Role.CASEWORK_COORDINATOR, Role.REPORT_READER),
        _("Cases"),
    ),
    NavItem(
        _("Equality dashboard"), "hr:dashboard", (Role.HR_OFFICER, Role.REPORT_READER), _("HR")
    ),
    NavItem(_("Import employees"), "hr:import", (Role.HR_OFFICER,), _("HR")),
    NavItem(_("Immigrant background"), "hr:immigrant_background", (Role.HR_OFFICER,), _("HR")),
    NavItem(_("Equality work"), "hr:equality_work", (Role.HR_OFFICER,), _("HR")),
    NavItem(
        _("Reports"),
        "reports:list",
        (Role.HR_OFFICER, Role.REPORT_READER, Role.ADMINISTRATOR),
        _("Reports"),
    ),
)


def menu_for(user) -> list[dict]:
    """Menu sections for the user, in order, each with its links."""
    sections: dict[str, list[dict]] = {}
    for item in NAV_ITEMS:
        if not has_role(user, *item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(str(item.section), []).append({"label": item.label, "url": url})
    return [{"title": title, "items": items} for title, items in sections.items()]
