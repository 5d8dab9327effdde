"""The capped pager: exact below the cap, bounded above it, and the page says which."""

import django_tables2 as tables
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from imdi.paging import CappedPaginator, paginate

pytestmark = pytest.mark.django_db

User = get_user_model()


class UserTable(tables.Table):
    class Meta:
        model = User
        fields = ("username",)
        order_by = ("username",)


def _users(n):
    User.objects.bulk_create([User(username=f"user{i:03d}") for i in range(n)])
    return User.objects.filter(username__startswith="user")


def _table(request_path, n, cap):
    table = UserTable(_users(n))
    request = RequestFactory().get(request_path)
    paginate(request, table, per_page=5, cap=cap)
    return table


def test_below_the_cap_the_count_is_exact():
    table = _table("/?page=2", 12, cap=20)
    assert table.paginator.count == 12
    assert not table.paginator.capped
    assert table.paginator.num_pages == 3
    assert [row.record.username for row in table.page] == [f"user{i:03d}" for i in range(5, 10)]


def test_above_the_cap_the_count_stops_at_the_cap_and_says_so():
    table = _table("/?page=4", 30, cap=20)
    assert table.paginator.capped
    assert table.paginator.count == 20
    assert table.paginator.num_pages == 4
    # The last reachable page is the one that holds the cap's last row.
    assert [row.record.username for row in table.page] == [f"user{i:03d}" for i in range(15, 20)]


def test_the_count_query_is_limited():
    queryset = _users(30)
    paginator = CappedPaginator(queryset.order_by("username"), 5, cap=10)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 10
    (query,) = ctx.captured_queries
    assert "LIMIT 11" in query["sql"].upper()


def test_a_plain_list_is_counted_as_usual():
    paginator = CappedPaginator(list(range(30)), 5, cap=10)
    assert paginator.count == 30
    assert not paginator.capped


@pytest.mark.parametrize(("n", "cap", "expected"), [(1, 10, "1 treff"), (7, 10, "7 treff")])
def test_the_count_line_in_norwegian(n, cap, expected):
    html = render_to_string("_table_count.html", {"table": _table("/", n, cap)})
    assert expected in html


def test_the_count_line_above_the_cap_asks_to_narrow_the_search():
    html = render_to_string("_table_count.html", {"table": _table("/", 1500, cap=1000)})
    assert "Mer enn 1\xa0000 treff" in html or "Mer enn 1 000 treff" in html
    assert "avgrens" in html.lower()


def _queries(table_factory):
    with CaptureQueriesContext(connection) as ctx:
        table = table_factory()
        rows = [row.record for row in table.page.object_list]
    return len(ctx.captured_queries), table, rows


@pytest.mark.parametrize("n", [0, 3, 30])
def test_a_page_and_its_count_are_one_query_whatever_the_number_found(n):
    _users(n)
    count, table, rows = _queries(
        lambda: paginate(
            RequestFactory().get("/"),
            UserTable(User.objects.filter(username__startswith="user")),
            per_page=5,
            cap=20,
        )
    )
    assert count == 1
    assert table.paginator.count == min(n, 20)
    assert table.paginator.capped == (n > 20)
    assert [r.username for r in rows] == [f"user{i:03d}" for i in range(min(n, 5))]


def test_a_page_past_the_end_shows_the_last_page():
    table = _table("/?page=9", 12, cap=20)
    assert table.page.number == 3
    assert [row.record.username for row in table.page] == ["user010", "user011"]


class CountTable(tables.Table):
    username = tables.Column()
    groups = tables.Column()

    class Meta:
        order_by = ("username",)


def test_rows_of_a_grouped_values_query_are_paged_and_counted():
    from django.db.models import Count

    _users(12)
    queryset = (
        User.objects.filter(username__startswith="user")
        .values("username")
        .annotate(groups=Count("groups"))
    )
    table = CountTable(queryset)
    paginate(RequestFactory().get("/?page=3"), table, per_page=5, cap=20)
    assert table.paginator.count == 12
    assert [row.record["username"] for row in table.page] == ["user010", "user011"]
    assert all(row.record["groups"] == 0 for row in table.page)


def test_an_empty_queryset_is_one_empty_page_without_a_query():
    _users(3)
    count, table, rows = _queries(
        lambda: paginate(RequestFactory().get("/?page=2"), UserTable(User.objects.none()))
    )
    assert (count, table.paginator.count, rows) == (0, 0, [])
