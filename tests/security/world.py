"""One small world of records for the security suite: for every kind of record a page takes
an id of, one that belongs to the first owner and one that belongs to another owner or parent.

Built through the apps' own services, so every record is in a state the portal can reach.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from casework import services as case_services
from casework.models import Advisor, Kind, WorkplaceKind
from grants import services as grant_services
from grants.models import OrganisationType
from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground, Measure
from imdi.reports.models import ExportFile, ReportExport
from tests.factories import municipality
from tests.grants import factories as grant_factories


@dataclass
class World:
    ids: dict[str, object] = field(default_factory=dict)
    # ids of records that belong to another owner or another parent
    foreign: dict[str, object] = field(default_factory=dict)


def _grants(personas, world: World) -> None:
    officer, approver = personas["grant_officer"], personas["grant_approver"]
    scheme = grant_factories.scheme(
        "jobbsjansen", budget=Decimal("5000000"), year=2025, has_participants=True
    )
    org = grant_factories.organisation(grant_factories.ORGNRS[0])
    other_org = grant_factories.organisation(
        grant_factories.ORGNRS[1], type=OrganisationType.VOLUNTARY, number="4601"
    )
    first = grant_factories.application(officer, scheme_obj=scheme, org=org)
    second = grant_factories.application(officer, scheme_obj=scheme, org=other_org)
    for app in (first, second):
        grant_factories.decided(app, officer, approver)
        grant_services.attachment_add(
            user=officer,
            application_id=app.pk,
            uploaded=SimpleUploadedFile("budsjett.txt", b"budsjett", content_type="text/plain"),
        )
        grant_services.application_transition(
            user=officer, application_id=app.pk, name="to_payment"
        )
        grant_services.payment_plan_add(
            user=officer, application_id=app.pk, amount=Decimal("50000"), due_on=dt.date(2025, 3, 1)
        )
    first.refresh_from_db()
    second.refresh_from_db()
    world.ids.update(
        application=first.pk,
        organisation=org.pk,
        attachment=first.attachments.get().pk,
        decision=first.decisions.get().pk,
        payment=first.payments.get().pk,
        claim=0,
    )
    world.foreign.update(
        attachment=second.attachments.get().pk,
        decision=second.decisions.get().pk,
        payment=second.payments.get().pk,
    )


def _casework(personas, world: World) -> None:
    oslo, bergen = municipality("0301"), municipality("4601")
    owners = {}
    for key, place in (("advisor", oslo), ("advisor2", bergen)):
        owners[key] = Advisor.objects.create(
            user=personas[key],
            kind=Kind.ADVISOR,
            workplace=f"Skole i {place.name}",
            workplace_kind=WorkplaceKind.UPPER_SECONDARY,
            municipality=place,
        )
    Advisor.objects.create(
        user=personas["envoy"],
        kind=Kind.ENVOY,
        workplace="Norges ambassade i Amman",
        workplace_kind=WorkplaceKind.EMBASSY,
        station="amman",
    )
    cases = {}
    for key, owner in owners.items():
        case = case_services.case_create(
            owner=owner,
            by=owner.user,
            themes=["social_control"],
            name="",
            gender="female",
            birth_year=None,
            age_group="16-17",
            country_of_origin="IQ",
            exposure="at_risk",
            contact_channel="in_person",
            summary="Fortrolig sammendrag",
            opened_on=dt.date(2025, 3, 1),
        )
        case_services.journal_entry_create(
            case=case,
            by=owner.user,
            date=dt.date(2025, 3, 2),
            entry_kind="advice",
            text="Fortrolig",
        )
        cases[key] = case
    outreach = {
        key: case_services.outreach_create(
            advisor=owner,
            by=owner.user,
            date=dt.date(2025, 3, 3),
            outreach_kind="talk",
            audience="staff",
            topic="Foredrag for lærere",
            reached=30,
        )
        for key, owner in owners.items()
    }
    world.ids.update(case=cases["advisor"].pk, entry=cases["advisor"].journal.get().pk)
    world.foreign.update(case=cases["advisor2"].pk, entry=cases["advisor2"].journal.get().pk)
    world.ids.update(outreach=outreach["advisor"].pk)
    world.foreign.update(outreach=outreach["advisor2"].pk)


def _hr(personas, world: World) -> None:
    record = EmployeeRecord.objects.create(
        year=2024,
        employee_id="A0001",
        gender="K",
        position_category="saksbehandler",
        annual_salary=650000,
        fte_percent=100,
        temporary=False,
        involuntary_part_time=False,
        hired_in_year=False,
        left_in_year=False,
        parental_leave_weeks=0,
        sick_leave_days=2,
        agreed_work_days=230,
    )
    work = EqualityWork.objects.create(year=2024, risks="Skjev kjønnsbalanse blant ledere")
    measure = Measure.objects.create(
        work=work, description="Lønnskartlegging", owner="HR", deadline=dt.date(2025, 6, 1)
    )
    ImmigrantBackground.objects.create(year=2024, total_employees=265, group1=14, group2=70)
    world.ids.update(record=record.pk, measure=measure.pk, year=2024, token="x" * 32)


def _reports(personas, world: World) -> None:
    export = ReportExport.objects.create(
        year=2024, formats=["pdf"], requested_by=personas["hr"], status=ReportExport.Status.DONE
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    name = storages["private"].save(f"reports/test-{export.pk}.pdf", ContentFile(b"%PDF-1.4"))
    ExportFile.objects.create(export=export, format="pdf", name=name, size=8, sha256="0" * 64)
    world.ids.update(export=export.pk, fmt="pdf", report_year=2024)
    world.foreign.update(fmt="xlsx")


def build_world(personas) -> World:
    world = World()
    _grants(personas, world)
    _casework(personas, world)
    _hr(personas, world)
    _reports(personas, world)
    return world
