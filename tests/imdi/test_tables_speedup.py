"""The kept signatures answer exactly as django-tables2's own reading of them."""

import functools

import pytest
from django_tables2 import utils

from imdi import tables_speedup


class Column:
    def render(self, value, record):
        return value

    def value(self, **kwargs):
        return kwargs

    def __call__(self, record):
        return record


def plain(value, *args, table=None):
    return value


CALLABLES = [
    Column().render,
    Column().value,
    Column(),
    plain,
    lambda record: record,
    functools.partial(plain, table=1),
    str.upper,
]


def test_installed_by_the_portal():
    assert utils.signature is tables_speedup.signature


@pytest.mark.parametrize("fn", CALLABLES)
def test_the_same_answer_as_the_package_first_and_second_time(fn):
    expected = tables_speedup._original(fn)
    assert tables_speedup.signature(fn) == expected
    assert tables_speedup.signature(fn) == expected


def test_two_bound_methods_of_one_function_share_the_answer_and_calls_still_work():
    a, b = Column(), Column()
    assert tables_speedup.signature(a.render) == (("value", "record"), None)
    assert tables_speedup.signature(b.render) == (("value", "record"), None)
    assert utils.call_with_appropriate(b.render, {"value": 3, "record": 4, "table": 5}) == 3
    assert utils.call_with_appropriate(b.value, {"value": 3}) == {"value": 3}


def test_a_function_lacking_an_argument_is_not_called():
    assert utils.call_with_appropriate(Column().render, {"value": 1}) is None
