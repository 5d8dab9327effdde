"""django-tables2 reads the signature of a column's render function for every cell.

``django_tables2.utils.call_with_appropriate`` calls ``utils.signature(fn)`` (which calls
``inspect.signature``) for each cell of each row, to learn which of ``value``, ``record``,
... the function takes: on a page of 25 rows that was about an eighth of the page's time.
A function's parameters do not change while the process runs, so the answer is kept per
function (per underlying function for a bound method: ``inspect.signature`` of a bound
method is that of its function without ``self``). ``install()`` is called once, from
``ImdiConfig.ready``.
"""

from __future__ import annotations

import inspect

from django_tables2 import utils

_MAX_KEPT = 4096
_kept: dict = {}
_original = utils.signature


def signature(fn):
    key = (fn.__func__, True) if inspect.ismethod(fn) else (fn, False)
    try:
        return _kept[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: ask every time, as the package does
        return _original(fn)
    result = _original(fn)
    if len(_kept) < _MAX_KEPT:
        _kept[key] = result
    return result


def install() -> None:
    utils.signature = signature
