"""Pagination whose cost does not grow with the register.

A list over the whole register (every application, every case) must not count a million rows
to draw its pager. ``CappedPaginator`` counts at most ``cap`` rows (``SELECT COUNT(*) FROM
(SELECT ... LIMIT cap + 1)``), so the pager reaches the first ``cap`` rows and the page says
"more than 1 000" instead of an exact figure: the user narrows the filter rather than paging
through thousands of rows. Below the cap the count is exact.

Use it with django-tables2::

    paginate(request, table, per_page=25)

and show ``table.paginator.capped`` in the template (see ``templates/_table_count.html``).
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FieldError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import NotSupportedError
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django_tables2 import RequestConfig

DEFAULT_CAP = 1000


def _queryset_of(object_list) -> QuerySet | None:
    """The queryset behind a list: a queryset itself, or django-tables2's rows of one."""
    if isinstance(object_list, QuerySet):
        return object_list
    data = getattr(object_list, "data", None)  # BoundRows -> TableQuerysetData
    queryset = getattr(data, "data", None)
    return queryset if isinstance(queryset, QuerySet) else None


class CappedPaginator(Paginator):
    """A paginator that counts no further than ``cap`` rows.

    For django-tables2's rows of a queryset, the page's rows and the capped count come from
    one query: the count is a scalar subquery in the page's SELECT (``SELECT COUNT(*) FROM
    (SELECT ... LIMIT cap + 1)``, evaluated once by the database). An empty first page needs
    no count at all. So a list costs one query whether it finds nothing or thousands, and no
    separate COUNT is run."""

    TOTAL = "_imdi_capped_total"

    def __init__(self, object_list, per_page, *args, cap: int = DEFAULT_CAP, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap
        self.capped = False

    def _found(self, found: int) -> int:
        self.capped = found > self.cap
        self.__dict__["count"] = min(found, self.cap)
        return self.__dict__["count"]

    @cached_property
    def count(self) -> int:
        queryset = _queryset_of(self.object_list)
        if queryset is None:
            return super().count
        # The order does not change how many rows there are: leave the planner free to count.
        return self._found(queryset.order_by()[: self.cap + 1].count())

    def page(self, number):
        queryset = _queryset_of(self.object_list)
        if queryset is None or not hasattr(self.object_list, "table"):
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom >= self.cap:
            raise EmptyPage(self.error_messages["no_results"])
        top = bottom + self.per_page
        # The list's own query, unordered, cut at the cap: the same rows the count would read.
        try:
            sql, params = queryset.order_by()[: self.cap + 1].query.sql_with_params()
        except EmptyResultSet:  # queryset.none(): nothing to read, nothing to count
            self._found(0)
            return self._get_page(self.object_list[0:0], 1, self)
        sql = f"SELECT COUNT(*) FROM ({sql}) capped"  # noqa: S608 - SQL compiled by Django
        total = RawSQL(sql, params)  # noqa: S611
        try:
            records = list(queryset.annotate(**{self.TOTAL: total})[bottom:top])
        except (NotSupportedError, FieldError, TypeError):  # e.g. a union: count apart
            return super().page(number)
        if records:
            first = records[0]
            self._found(
                first[self.TOTAL] if isinstance(first, dict) else getattr(first, self.TOTAL)
            )
        elif number == 1:
            self._found(0)
        else:
            return super().page(number)  # past the last page: counted, then refused
        rows = self.object_list[bottom:top]
        rows.data = records  # the page's records, read above: no second query
        return self._get_page(rows, number, self)


def paginate(request, table, *, per_page: int = 25, cap: int = DEFAULT_CAP):
    """Order and paginate a django-tables2 table from the request, counting at most ``cap``."""
    RequestConfig(
        request,
        paginate={"per_page": per_page, "paginator_class": CappedPaginator, "cap": cap},
    ).configure(table)
    return table
