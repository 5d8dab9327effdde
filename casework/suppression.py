"""Statistical disclosure control for case counts.

Primary suppression: a count from 1 to ``min_cell - 1`` is shown as "<5".
Secondary suppression: further cells are hidden (shown as "x") until no hidden count can be
worked out from the table's total. A reader knows that a "<5" lies between 1 and 4, that an
"x" is at least 5 (it was hidden only to protect another cell), and that a shown 0 is 0. A
hidden cell is safe when, with those bounds and the total, it can still take more than one
value. When that cannot be achieved, the breakdown is withheld as a whole.

Tables on one page share only their total (the number of cases in the group), which is
always shown when at least ``min_cell``; a group with fewer cases shows no breakdown.

Two kinds of table: a partition (each case counted once: the cells add up to the total) and
a multiple-response table (themes: a case may count in several cells, so the cells add up to
at least the total).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PRIMARY = "<5"
SECONDARY = "x"


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    marker: str = ""  # "" shown, PRIMARY or SECONDARY hidden

    @property
    def hidden(self) -> bool:
        return bool(self.marker)

    @property
    def shown(self) -> int | None:
        return None if self.marker else self.count


def _bounds(marker: str, min_cell: int) -> tuple[float, float]:
    if marker == PRIMARY:
        return 1, min_cell - 1
    return min_cell, math.inf


def determined_cells(
    counts: list[int], markers: list[str], total: int, *, partition: bool, min_cell: int
) -> list[int]:
    """Indexes of hidden cells whose value follows from the shown cells and the total."""
    hidden = [i for i, m in enumerate(markers) if m]
    if not hidden:
        return []
    shown_sum = sum(c for c, m in zip(counts, markers, strict=True) if not m)
    remainder_lo = total - shown_sum
    remainder_hi = total - shown_sum if partition else math.inf
    bounds = {i: _bounds(markers[i], min_cell) for i in hidden}
    found = []
    for i in hidden:
        lo_i, hi_i = bounds[i]
        others_lo = sum(bounds[j][0] for j in hidden if j != i)
        others_hi = sum(bounds[j][1] for j in hidden if j != i)
        lo = max(lo_i, remainder_lo - others_hi)
        hi = min(hi_i, remainder_hi - others_lo)
        if lo >= hi:
            found.append(i)
    return found


def suppress(
    items: list[tuple[str, int]], total: int, *, partition: bool = True, min_cell: int = 5
) -> list[Cell] | None:
    """The cells to show for a one-way table, or None when the table must be withheld."""
    counts = [count for _label, count in items]
    markers = [PRIMARY if 0 < c < min_cell else "" for c in counts]
    while determined_cells(counts, markers, total, partition=partition, min_cell=min_cell):
        candidates = [i for i, c in enumerate(counts) if c > 0 and not markers[i]]
        if not candidates:
            return None
        smallest = min(candidates, key=lambda i: (counts[i], i))
        markers[smallest] = SECONDARY
    return [
        Cell(label, count, marker) for (label, count), marker in zip(items, markers, strict=True)
    ]


def protect_total(count: int, min_cell: int = 5) -> Cell:
    return Cell("", count, PRIMARY if 0 < count < min_cell else "")
