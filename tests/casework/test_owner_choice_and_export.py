"""The transfer and assignment forms name the receiver in a text field (never a list of every
advisor), and the case export streams exactly the rows of the filtered list."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import views
from casework.forms import OWNER_SUGGESTIONS, owner_key
from casework.models import Advisor, Case, CaseTransfer, Kind, Theme, WorkplaceKind
from imdi.models import AuditEvent
from tests.casework.conftest import make_case, municipality
from tests.conftest import make_persona

pytestmark = pytest.mark.django_db


def add_advisors(n, *, start=0, number="0301", first="Kari", workplace="Skole"):
    """``n`` active advisors with accounts, in one municipality."""
    place = municipality(number, f"Kommune {number}", "Fylke")
    made = []
    for i in range(start, start + n):
        user = make_persona(None, f"ekstra{i:04d}", first_name=first, last_name=f"Nordmann{i}")
        made.append(
            Advisor.objects.create(
                user=user,
                kind=Kind.ADVISOR,
                workplace=f"{workplace} {i}",
                workplace_kind=WorkplaceKind.UPPER_SECONDARY,
                municipality=place,
            )
        )
    return made


def transfer(client, case, to_owner, reason="Eleven har byttet skole"):
    return client.post(
        reverse("casework:case_transfer", args=[case.pk]), {"to_owner": to_owner, "reason": reason}
    )


def suggestions(page: str) -> str:
    return page[page.index('<datalist id="id_to_owner_list">') : page.index("</datalist>")]


# --- The receiver, by text --------------------------------------------------------------------


def test_transfer_page_offers_a_bounded_list_and_its_queries_do_not_grow(
    client_for, cases, placements
):
    client = client_for("coordinator")
    url = reverse("casework:case_transfer", args=[cases["advisor"].pk])
    add_advisors(3)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).content.decode()
    add_advisors(OWNER_SUGGESTIONS + 20, start=3)
    add_advisors(30, start=100, number="4601")
    with CaptureQueriesContext(connection) as many:
        large = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert '<select name="to_owner"' not in large
    assert '<input type="text" name="to_owner"' in large
    assert 'list="id_to_owner_list"' in large and 'for="id_to_owner"' in small
    # The suggestions: advisors of the owner's municipality (Oslo), at most OWNER_SUGGESTIONS.
    assert suggestions(large).count("<option ") == OWNER_SUGGESTIONS
    assert suggestions(small).count("<option ") == 3
    assert 'value="ekstra0100"' not in large  # another municipality: write the name instead
    assert f'value="{owner_key(placements["advisor"])}"' not in large  # the owner now


def test_transfer_by_username_name_or_placement(client_for, cases, placements):
    far = add_advisors(1, start=500, number="4601", first="Sigrid", workplace="Fjellskolen")[0]
    client = client_for("coordinator")
    case = cases["advisor"]
    assert transfer(client, case, "EKSTRA0500").status_code == 302  # username, any case
    case.refresh_from_db()
    assert case.owner == far
    assert transfer(client, case, "fjellskolen").status_code == 400  # now the owner: refused
    assert transfer(client, case, "Bergen katedral").status_code == 302  # placement
    case.refresh_from_db()
    assert case.owner == placements["advisor2"]
    assert transfer(client, case, "Sigrid Nordmann500").status_code == 302  # full name
    case.refresh_from_db()
    assert case.owner == far
    assert CaseTransfer.objects.filter(case=case).count() == 3
    assert AuditEvent.objects.filter(action="transfer", object_id=str(case.pk)).count() == 3


def test_an_ambiguous_or_unknown_receiver_is_explained_and_moves_nothing(client_for, cases):
    add_advisors(14, workplace="Lillestrøm vgs")
    client = client_for("coordinator")
    case = cases["advisor"]
    several = transfer(client, case, "Lillestrøm")
    assert several.status_code == 400
    body = several.content.decode()
    assert "Mer enn 10 treff på «Lillestrøm»" in body
    assert body.count("(ekstra00") == 10  # ten candidates, each with the username to write
    assert "Skriv brukernavnet" in body
    few = transfer(client, case, "Lillestrøm vgs 1")  # 1, 10, 11, 12, 13
    assert "5 treff på «Lillestrøm vgs 1»" in few.content.decode()
    none = transfer(client, case, "Ingen slik person")
    assert none.status_code == 400
    assert "Ingen rådgiver eller utsending som kan velges her, passer med" in none.content.decode()
    # Receivers the rules forbid are not found either: an envoy, someone who left.
    assert transfer(client, case, "utsending1").status_code == 400
    gone = add_advisors(1, start=900)[0]
    gone.active = False
    gone.save()
    assert transfer(client, case, "ekstra0900").status_code == 400
    assert transfer(client, case, "#99999999999999999999").status_code == 400
    case.refresh_from_db()
    assert not CaseTransfer.objects.exists()


def test_assign_form_names_the_leaver_and_takes_an_owner_without_account(client_for, placements):
    orphan = add_advisors(1, start=700)[0]  # in Oslo, like radgiver1
    case = make_case(orphan)
    orphan.user = None  # the account is gone
    orphan.save()
    client = client_for("coordinator")
    page = client.get(reverse("casework:cases_assign"), {"fra": orphan.pk}).content.decode()
    assert f'value="#{orphan.pk}"' in page  # filled in and suggested
    assert "(har sluttet eller mangler konto)" in page
    assert 'value="radgiver1"' in page  # a receiver near the leaver is suggested
    response = client.post(
        reverse("casework:cases_assign"),
        {"from_owner": f"#{orphan.pk}", "to_owner": "radgiver1", "reason": "Mangler konto"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == placements["advisor"]


def test_overview_lists_a_bounded_number_of_owners_without_an_active_owner(client_for, placements):
    shown = views.NEEDING_OWNER_SHOWN
    for advisor in add_advisors(shown + 2):
        make_case(advisor)
        advisor.active = False
        advisor.save()
    page = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    assert page.count(f"{reverse('casework:cases_assign')}?fra=") == shown
    assert f"Bare de første {shown} er listet" in page


# --- The export -------------------------------------------------------------------------------


def exported_rows(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def expected_row(case: Case, *, owner: bool) -> list[str]:
    """The row of one case, computed independently from the model instance."""

    def date(value):
        return f"{value.day:02d}.{value.month:02d}.{value.year}" if value else ""

    themes = sorted(t.theme for t in case.themes.all())
    row = [
        case.reference,
        case.get_kind_display(),
        date(case.opened_on),
        date(case.closed_on),
        case.get_status_display(),
        ", ".join(str(Theme(t).label) for t in themes),
    ]
    if owner:
        row += [
            case.get_gender_display(),
            case.get_age_group_display(),
            case.get_country_of_origin_display(),
            case.get_exposure_display(),
            case.get_contact_channel_display(),
            date(case.follow_up_on),
        ]
    return row


@pytest.fixture
def register(placements):
    """Cases of every owner, open and closed, with one or two themes."""
    made = []
    for i in range(7):
        for key in ("advisor", "advisor2", "envoy"):
            themes = ["fgm", "social_control"] if i % 2 else ["forced_marriage"]
            case = make_case(
                placements[key],
                themes=themes,
                opened_on=datetime.date(2024, 1, 1 + i),
                follow_up_on=datetime.date(2025, 2, 3) if i % 3 == 0 else None,
            )
            if i % 3 == 1:
                case.status = Case.Status.CLOSED
                case.closed_on = datetime.date(2024, 6, 1 + i)
                case.save()
            made.append(case)
    return made


@pytest.mark.parametrize(
    "query",
    [{}, {"status": "open"}, {"theme": "fgm"}, {"kind": "envoy", "status": "closed"}],
)
def test_coordinator_export_rows_equal_the_filtered_list(client_for, register, monkeypatch, query):
    monkeypatch.setattr(views, "EXPORT_CHUNK", 4)  # several chunks
    client = client_for("coordinator")
    rows = exported_rows(client.get(reverse("casework:case_export"), query))
    wanted = [
        c
        for c in Case.objects.all()
        if (not query.get("status") or c.status == query["status"])
        and (not query.get("kind") or c.kind == query["kind"])
        and (not query.get("theme") or query["theme"] in c.theme_values)
    ]
    wanted.sort(key=lambda c: (c.opened_on, c.pk), reverse=True)  # the list's order
    assert rows[0][0] == "Referanse"
    assert rows[1:] == [expected_row(c, owner=False) for c in wanted]
    listed = client.get(reverse("casework:overview"), query).content.decode()
    positions = [listed.index(c.reference) for c in wanted]
    assert positions == sorted(positions)  # the list shows them in the same order
    events = AuditEvent.objects.filter(action="export", username="koordinator")
    assert sorted(int(e.object_id) for e in events) == sorted(c.pk for c in wanted)


def test_owner_export_has_the_owners_columns_and_rows(client_for, register, placements):
    rows = exported_rows(client_for("advisor").get(reverse("casework:case_export")))
    mine = [c for c in register if c.owner == placements["advisor"]]
    assert len(rows[0]) == 12 and rows[0][-1] == "Følg opp innen"
    assert sorted(rows[1:]) == sorted(expected_row(c, owner=True) for c in mine)
    filtered = exported_rows(
        client_for("advisor").get(reverse("casework:case_export"), {"status": "closed"})
    )
    assert sorted(filtered[1:]) == sorted(
        expected_row(c, owner=True) for c in mine if c.status == Case.Status.CLOSED
    )


def test_export_queries_grow_per_chunk_not_per_case(client_for, register, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_CHUNK", 1000)
    client = client_for("coordinator")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("casework:case_export"), {"kind": "envoy"}).getvalue()
    with CaptureQueriesContext(connection) as all_:
        client.get(reverse("casework:case_export")).getvalue()
    assert len(all_.captured_queries) == len(few.captured_queries)


def test_an_empty_export_is_audited(client_for, placements):
    rows = exported_rows(client_for("coordinator").get(reverse("casework:case_export")))
    assert len(rows) == 1
    assert AuditEvent.objects.filter(action="export", detail="0 exported").exists()


def test_assigning_many_cases_takes_as_many_queries_as_a_few(client_for, placements):
    def assign(n):
        leaver = add_advisors(1, start=800 + n)[0]
        cases = [make_case(leaver) for _ in range(n)]
        leaver.active = False
        leaver.save()
        with CaptureQueriesContext(connection) as queries:
            response = client_for("coordinator").post(
                reverse("casework:cases_assign"),
                {"from_owner": owner_key(leaver), "to_owner": "radgiver2", "reason": "Sluttet"},
            )
        assert response.status_code == 302
        for case in cases:
            case.refresh_from_db()
            assert case.owner == placements["advisor2"]
            transfer = CaseTransfer.objects.get(case=case)
            assert (transfer.from_owner, transfer.reason) == (leaver, "Sluttet")
            assert AuditEvent.objects.filter(
                action="transfer", object_id=str(case.pk), username="koordinator"
            ).exists()
        return len(queries.captured_queries)

    assign(1)  # first-use caches (content types, data version rows)
    assert assign(2) == assign(12)
