"""Data for the real sections: the three apps' own demo seeders at a small scale."""

import io

DEMO_SCALE = 0.1


def seed_apps(personas) -> None:
    import casework.demo
    import grants.demo
    import hr.demo

    users = {
        "admin": personas["admin"],
        "tilskudd": personas["grant_officer"],
        "godkjenner": personas["grant_approver"],
        "radgiver1": personas["advisor"],
        "radgiver2": personas["advisor2"],
        "utsending1": personas["envoy"],
        "koordinator": personas["coordinator"],
        "hr": personas["hr"],
        "leder": personas["reader"],
    }
    for module in (grants.demo, casework.demo, hr.demo):
        module.seed(users=users, scale=DEMO_SCALE, stdout=io.StringIO())


def real_sections(year: int):
    """The apps' own sections, in the statement's order, in Norwegian."""
    from django.utils import translation

    import casework.report
    import grants.report
    import hr.report

    with translation.override("nb"):
        return [hr.report.section(year), casework.report.section(year), grants.report.section(year)]
