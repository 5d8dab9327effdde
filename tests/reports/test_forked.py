"""Rendering in a child process: the file comes back whole, and a child never outlives the
worker's interest in it."""

import os
import time

import pytest

from imdi.reports import forked


def echo(fmt, document):
    return f"{fmt}:{document['title']}:{os.getpid()}".encode() * 50_000  # more than a pipe holds


def slow(fmt, document):
    time.sleep(30)
    return b""


def test_the_child_renders_the_document_it_is_handed_and_the_bytes_come_back_whole():
    loaded = []
    child = forked.start("pdf", echo, time_limit=60, warm_up=loaded.append)
    assert child is not None and child.pid != os.getpid()
    assert child.send({"title": "Likestillingsredegjørelse"}, "nb")
    rendered = child.result()
    expected = f"pdf:Likestillingsredegjørelse:{child.pid}".encode() * 50_000
    assert rendered.content == expected
    assert rendered.peak_rss_kb > 0
    assert child.status == 0 and child.reply_fd is None
    assert loaded == []  # the warm-up ran in the child, not here


def test_a_child_left_without_a_document_is_stopped_and_reaped():
    child = forked.start("pdf", echo, time_limit=60)
    child.close()
    assert child.status is not None
    child.close()  # a second time is harmless


def test_a_child_that_takes_too_long_is_stopped_with_the_reason():
    child = forked.start("pdf", slow, time_limit=1, label="PDF")
    assert child.send({"title": "x"}, "nb")
    started = time.monotonic()
    with pytest.raises(forked.RenderFailed) as failed:
        child.result()
    assert str(failed.value) == "PDF-filen var ikke ferdig etter 1 sekunder og ble stoppet."
    assert time.monotonic() - started < 10
    assert child.status is not None


def test_two_children_each_see_the_end_of_their_own_document():
    # The second child must not hold the first one's pipe open: otherwise the first would
    # wait for the end of its document as long as the second lives.
    first = forked.start("pdf", echo, time_limit=60)
    second = forked.start("docx", slow, time_limit=60)
    try:
        assert first.send({"title": "a"}, "nb")
        assert first.result().content.startswith(b"pdf:a:")
    finally:
        second.close()
        first.close()
