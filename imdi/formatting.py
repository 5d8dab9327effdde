"""Numbers, money and percentages the Norwegian way: 1 238 300 kr, 98,12 %.

Used by templates (through ``imdi_format``) and by the report writers, so that a figure is
written the same way on a page, in a PDF and in a Word file.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

NBSP = "\xa0"
MISSING = "–"


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value, decimals: int = 0) -> str:
    """1238300 -> '1 238 300'; 98.123 with 2 decimals -> '98,12' (half up, as people round)."""
    if value is None or value == "":
        return MISSING
    quantum = Decimal(1).scaleb(-decimals)
    rounded = _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def nok(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return MISSING
    return f"{number(value, decimals)}{NBSP}kr"


def percent(value, decimals: int = 2) -> str:
    if value is None or value == "":
        return MISSING
    return f"{number(value, decimals)}{NBSP}%"
