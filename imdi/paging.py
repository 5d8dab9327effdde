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

from django.core.paginator import Paginator
from django.db.models import QuerySet
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
    """A paginator that counts no further than ``cap`` rows."""

    def __init__(self, object_list, per_page, *args, cap: int = DEFAULT_CAP, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        queryset = _queryset_of(self.object_list)
        if queryset is None:
            return super().count
        # A sliced queryset counts in a subquery with LIMIT: bounded whatever the table size.
        # The order does not change how many rows there are: leave the planner free to count.
        found = queryset.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


def paginate(request, table, *, per_page: int = 25, cap: int = DEFAULT_CAP):
    """Order and paginate a django-tables2 table from the request, counting at most ``cap``."""
    RequestConfig(
        request,
        paginate={"per_page": per_page, "paginator_class": CappedPaginator, "cap": cap},
    ).configure(table)
    return table
