"""Statistics, the Jobbsjansen KPI and the annual report section, checked against figures
worked out by hand from the records the test creates."""

import datetime as dt
from decimal import Decimal

import pytest

from grants import selectors
from grants.models import Participant
from grants.report import section
from tests.grants import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(officer, approver):
    """Jobbsjansen 2025 (budget 1 000 000): one full grant of 300 000, one partial grant of
    150 000 of 250 000, one rejection of 100 000, one application still being assessed
    (80 000) and one draft (not received). Mangfold 2025 (budget 400 000): one full grant of
    120 000 to a voluntary organisation in Bergen."""
    js = factories.scheme("jobbsjansen", budget=Decimal("1000000"), has_participants=True)
    mf = factories.scheme("mangfold", budget=Decimal("400000"))
    oslo = factories.organisation(factories.ORGNRS[0], number="0301")
    bergen = factories.organisation(factories.ORGNRS[1], number="4601", type="voluntary")
    full = factories.application(officer, scheme_obj=js, org=oslo, amount=Decimal("300000"))
    factories.decided(full, officer, approver)
    part = factories.application(officer, scheme_obj=js, org=oslo, amount=Decimal("250000"))
    factories.decided(part, officer, approver, outcome="partly_granted", amount=Decimal("150000"))
    rej = factories.application(officer, scheme_obj=js, org=bergen, amount=Decimal("100000"))
    factories.decided(rej, officer, approver, outcome="rejected", amount=Decimal(0))
    open_ = factories.application(officer, scheme_obj=js, org=bergen, amount=Decimal("80000"))
    factories.assess(open_, officer)
    factories.application(
        officer, scheme_obj=js, org=oslo, amount=Decimal("999999"), submitted=False
    )
    mf_app = factories.application(officer, scheme_obj=mf, org=bergen, amount=Decimal("120000"))
    factories.decided(mf_app, officer, approver)
    return {"js": js, "mf": mf, "full": full}


def test_scheme_statistics(portfolio):
    rows = {r.scheme.code: r for r in selectors.scheme_statistics(2025)}
    js = rows["jobbsjansen"]
    assert js.budget == Decimal("1000000")
    assert js.received == 4  # the draft is not received
    assert (js.granted, js.partly_granted, js.rejected) == (1, 1, 1)
    assert js.amount_applied == Decimal("300000") + Decimal("250000") + Decimal("100000") + Decimal(
        "80000"
    )
    assert js.amount_granted == Decimal("450000")
    assert js.budget_used_pct == Decimal("45")
    mf = rows["mangfold"]
    assert (mf.received, mf.granted, mf.amount_granted) == (1, 1, Decimal("120000"))
    assert mf.budget_used_pct == Decimal("30")
    # Another year has nothing.
    assert all(r.received == 0 for r in selectors.scheme_statistics(2024))


def test_breakdowns_by_county_and_organisation_type(portfolio):
    by_county = {b.label: b for b in selectors.statistics_by_county(2025)}
    assert set(by_county) == {"Oslo", "Vestland"}
    assert (by_county["Oslo"].received, by_county["Oslo"].granted) == (2, 2)
    assert by_county["Oslo"].amount_granted == Decimal("450000")
    vestland = by_county["Vestland"]
    assert (vestland.received, vestland.granted, vestland.rejected) == (3, 1, 1)
    assert vestland.amount_applied == Decimal("300000")
    assert vestland.amount_granted == Decimal("120000")
    by_type = {
        b.label: b for b in selectors.statistics_by_organisation_type(2025, portfolio["js"].pk)
    }
    assert by_type["Kommune"].received == 2
    assert by_type["Frivillig organisasjon"].received == 2
    assert by_type["Frivillig organisasjon"].amount_granted == Decimal(0)


def _participants(project, year, outcomes):
    Participant.objects.bulk_create(
        Participant(
            application=project,
            pseudonym=f"P{year}-{i}",
            birth_year=1985,
            country_of_birth="Somalia",
            start_date=dt.date(year - 1, 3, 1),
            end_date=dt.date(year, 6, 1) if outcome else None,
            outcome=outcome,
        )
        for i, outcome in enumerate(outcomes)
    )


def test_jobbsjansen_kpi_and_five_year_average(portfolio):
    project = portfolio["full"]
    # 2024: 3 of 4 leavers to work or education (75 %); 2025: 4 of 5 (80 %) and one still in.
    _participants(project, 2024, ["work", "education", "work", "dropped_out"])
    _participants(project, 2025, ["work", "work", "education", "education", "other", ""])
    k = selectors.jobbsjansen_kpi(2025)
    assert (k.left, k.work, k.education, k.success) == (5, 2, 2, 4)
    assert k.share_pct == Decimal(80)
    assert selectors.jobbsjansen_kpi(2024).share_pct == Decimal(75)
    assert selectors.jobbsjansen_kpi(2023).share_pct is None
    # Mean of the yearly shares, years without leavers left out: (75 + 80) / 2.
    assert selectors.jobbsjansen_kpi_average(2021, 2025) == Decimal("77.5")


def test_annual_report_section(portfolio):
    _participants(portfolio["full"], 2025, ["work", "other", "education", "work"])
    s = section(2025)
    assert s.key == "grants"
    schemes = next(t for t in s.tables if t.key == "grants_schemes")
    row = next(r for r in schemes.rows if r[0] == portfolio["js"].name)
    assert row == [
        portfolio["js"].name,
        Decimal("1000000"),
        Decimal("450000"),
        Decimal("45"),
        4,
        1,
        1,
        1,
        Decimal("730000"),
    ]
    kpi = next(t for t in s.tables if t.key == "grants_jobbsjansen")
    assert kpi.rows[-2] == ["2025", 4, 2, 1, Decimal(75)]
    assert kpi.rows[-1][-1] == Decimal(75)  # the only year with leavers
    assert kpi.rows[-1][0] == "Gjennomsnitt 2025"
    assert "År der ingen deltakere avsluttet, er utelatt." in kpi.footnotes
    # Years in which no participant left are not listed with empty figures.
    assert [r[0] for r in kpi.rows] == ["2025", "Gjennomsnitt 2025"]
    assert s.charts and "<svg" in s.charts[0].svg and "<title>" in s.charts[0].svg
    assert "75\xa0%" in s.paragraphs[0]


def test_statistics_page_shows_the_figures(client_for, portfolio):
    response = client_for("reader").get("/tilskudd/statistikk/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "450\xa0000\xa0kr" in html
    assert "45,0\xa0%" in html
    assert "<caption>" in html and "<svg" in html


@pytest.mark.parametrize("persona", ["advisor", "hr", "coordinator", "nobody"])
def test_statistics_page_refused_to_other_roles(client_for, persona):
    assert client_for(persona).get("/tilskudd/statistikk/").status_code == 403


def test_share_of_budget_used_counts_only_the_directorates_part(portfolio):
    """Mangfold 2025 has a budget of 400 000; when 160 000 of it is passed to a municipality,
    the directorate grants from 240 000 and the 120 000 granted is half of that."""
    from grants.models import MunicipalAllocation

    budget = portfolio["mf"].budgets.get(year=2025)
    MunicipalAllocation.objects.create(
        budget=budget, municipality=factories.municipality("4601"), amount=Decimal("160000")
    )
    rows = {r.scheme.code: r for r in selectors.scheme_statistics(2025)}
    mf = rows["mangfold"]
    assert mf.budget == Decimal("400000")
    assert mf.available == Decimal("240000")
    assert mf.budget_used_pct == Decimal(120000 * 100) / Decimal(240000)
    table = next(t for t in section(2025).tables if t.key == "grants_schemes")
    assert table.footnotes  # the report says what the share is of


def test_statistics_page_kpi_over_a_chosen_span(client_for, portfolio):
    """2021: 1 of 2 leavers to work or education (50 %); 2022 none; 2023: 3 of 4 (75 %).
    The average over 2021-2023 is the mean of the two yearly shares, (50 + 75) / 2."""
    _participants(portfolio["full"], 2021, ["work", "dropped_out"])
    _participants(portfolio["full"], 2023, ["education", "work", "work", "other"])
    client = client_for("reader")
    html = client.get(
        "/tilskudd/statistikk/", {"year": 2025, "kpi_from": 2021, "kpi_to": 2023}
    ).content.decode()
    kpi = html.split('id="kpi-from"', 1)[1]
    assert "Gjennomsnitt 2021–2023" in kpi
    assert f"{(50 + 75) / 2:.1f}".replace(".", ",") + "\xa0%" in kpi
    assert "År der ingen deltakere avsluttet, er utelatt." in kpi
    assert '<th scope="row">2024</th>' not in kpi.split("</table>", 1)[0]
    # A span that runs backwards is refused with a message and the default span shown.
    html = client.get(
        "/tilskudd/statistikk/", {"year": 2025, "kpi_from": 2024, "kpi_to": 2021}
    ).content.decode()
    assert "Perioden må gå forover" in html
    assert '<option value="2021" selected>' in html.split('id="kpi-from"', 1)[1]
    assert '<option value="2025" selected>' in html.split('id="kpi-to"', 1)[1]
