"""The HR officer's pages in a real browser: accessible (axe-core, WCAG 2.1 AA) and usable
from the keyboard, through the import's two steps."""

import pytest

from hr.models import EmployeeRecord
from tests.browser import assert_accessible, log_in
from tests.hr.factories import random_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "year,employee_id,gender,position_category,annual_salary,fte_percent,temporary,"
    "involuntary_part_time,hired_in_year,left_in_year,parental_leave_weeks,sick_leave_days,"
    "agreed_work_days\n"
)


def test_hr_officer_imports_a_file_and_reads_the_dashboard(page, personas, tmp_path):
    random_records(2022, 60, seed=3)
    random_records(2023, 80, seed=4)
    log_in(page, "hr")
    page.goto("/hr/?year=2023")
    assert page.locator("h1").inner_text() == "Likestillingsdashbord 2023"
    assert page.get_by_text("Intern visning.").count() == 1
    assert page.locator("svg[role=img]").count() == 2
    assert_accessible(page)
    page.get_by_label("Visning").select_option("public")
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_text("Offentlig visning.").count() == 1
    assert_accessible(page)

    # A file with a mistake: the problems are listed and nothing is stored.
    bad = tmp_path / "feil.csv"
    bad.write_text(HEADER + "2024,A1,X,saksbehandler,650000,100,nei,nei,ja,nei,0,1,230\n")
    page.goto("/hr/import/")
    assert_accessible(page)
    page.get_by_label("Ansattfil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Kontroller filen").click()
    assert page.get_by_role("heading", name="Filen har 1 feil. Ingenting er lagret.").count() == 1
    assert page.get_by_role("cell", name="Kjønn må være M eller K.").count() == 1
    assert_accessible(page)

    good = tmp_path / "ansatte.csv"
    good.write_text(
        HEADER.replace(",", ";")
        + "2023;A1;K;saksbehandler;650000;62,5;nei;nei;ja;nei;0;1,5;143,75\n"
    )
    page.get_by_label("Ansattfil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Kontroller filen").click()
    assert page.locator("h1").inner_text() == "Bekreft importen"
    assert page.get_by_text("Importen erstatter 80 eksisterende poster.").count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Importer og erstatt").click()
    assert (
        page.get_by_text("Importerte 1 poster for 2023; 80 tidligere poster er erstattet.").count()
        == 1
    )
    assert EmployeeRecord.objects.filter(year=2023).count() == 1
    assert EmployeeRecord.objects.filter(year=2022).count() == 60


def test_immigrant_background_and_equality_work_pages(page, personas):
    log_in(page, "hr")
    page.goto("/hr/innvandrerbakgrunn/")
    page.get_by_role("spinbutton", name="År").fill("2023")
    page.get_by_label("Totalt antall ansatte").fill("264")
    page.get_by_label("Gruppe 1").fill("14")
    page.get_by_label("Gruppe 2").fill("67")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("cell", name="30,68\xa0%").count() == 1
    assert_accessible(page)

    page.goto("/hr/likestillingsarbeid/?year=2024")
    page.get_by_label("1. Avdekkede risikoer for diskriminering").fill("Skjev kjønnsbalanse.")
    page.get_by_role("button", name="Lagre likestillingsarbeidet").click()
    assert page.get_by_text("Likestillingsarbeidet for 2024 er lagret.").count() == 1
    page.get_by_role("textbox", name="Tiltak*", exact=True).fill("Samarbeid med NAV")
    page.get_by_label("Ansvarlig").fill("HR-avdelingen")
    page.get_by_label("Frist").fill("2024-09-30")
    page.get_by_role("button", name="Lagre tiltaket").click()
    assert page.get_by_role("cell", name="30.09.2024").count() == 1
    assert_accessible(page)
    page.goto("/hr/ansatte/")
    assert_accessible(page)
