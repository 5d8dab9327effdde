"""The export's files rendered in child processes, one per format, beside the worker.

The files are independent once the figures are collected. The worker forks one child per
format before it collects them: while the worker waits for the database, each child loads its
renderer (WeasyPrint, python-docx, openpyxl: seconds of imports, fonts and dictionaries); then
the worker hands the document over through a pipe, the children render at the same time, and
each writes its file's bytes back through another pipe and leaves with ``os._exit`` (no
clean-up of the worker's state: its database connections, its broker connection and its files
belong to the worker). A child writes nothing to storage and never uses the database: the
worker records the files and their SHA-256 under its claim exactly as before, so the guarantee
of one set of files stays the worker's.

What can go wrong and what happens then:

- the child fails: it sends the error back, which fails the run with the reason;
- the child dies (killed, out of memory): the pipe ends without a reply, the run fails;
- the child hangs: the worker stops waiting after ``time_limit`` and kills it;
- the worker stops early (lost claim, an error in collecting, SIGTERM): :meth:`close` kills
  the child and reaps it;
- the worker is killed (SIGKILL): a child waiting for the document reads the end of the pipe
  and leaves; a child rendering finishes, finds no one reading and leaves. Neither has
  written anything anywhere.

Without ``os.fork`` (or when it fails, or the document cannot be handed over)
:func:`start`/:meth:`ForkedRender.send` say so and the worker renders the format itself.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import resource
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Signals a worker (Celery) handles its own way; in the child they take the default action.
_RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")
# The worker's ends of the pipes of the children it runs. A child forked after another closes
# them: holding the other child's document pipe open would keep that child from ever seeing
# the end of its document.
_worker_fds: set[int] = set()


class RenderFailed(RuntimeError):
    """The child could not deliver the file."""


@dataclass
class Rendered:
    content: bytes
    seconds: float  # the render itself, in the child (loading the renderer not included)
    peak_rss_kb: int  # the child's peak resident memory


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _child(
    fmt: str,
    render: Callable[[str, object], bytes],
    warm_up: Callable[[list[str]], None] | None,
    document_fd: int,
    reply_fd: int,
) -> None:
    """Runs in the child: load the renderer, wait for the document, render, reply, leave.
    Never returns."""
    status = 1
    try:
        for name in _RESET_SIGNALS:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        if warm_up is not None:
            warm_up([fmt])
        data = _read_all(document_fd)
        os.close(document_fd)
        if not data:  # the worker gave up (or is gone): nothing to do
            status = 0
            return
        try:
            language, document = pickle.loads(data)  # noqa: S301 - from our own parent
            started = time.perf_counter()
            with translation.override(language):
                content = render(fmt, document)
            reply = (
                "ok",
                content,
                time.perf_counter() - started,
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            )
            status = 0
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the worker
            reply = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        _write_all(reply_fd, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        os.close(reply_fd)
    except BaseException:  # noqa: BLE001, S110 - e.g. the worker is gone (broken pipe)
        status = 1
    finally:
        os._exit(status)


def start(
    fmt: str,
    render: Callable[[str, object], bytes],
    *,
    time_limit: float,
    warm_up: Callable[[list[str]], None] | None = None,
    label: str = "",
) -> ForkedRender | None:
    """Fork a child that loads the renderer of ``fmt`` (``warm_up([fmt])``) and renders the
    document :meth:`ForkedRender.send` hands it; None if this platform or moment cannot
    fork."""
    if not hasattr(os, "fork"):
        return None
    document_read, document_write = os.pipe()
    reply_read, reply_write = os.pipe()
    # The child must not finalise the worker's objects (a database cursor's __del__ would
    # talk over the worker's connection): freeze them out of the child's garbage collection.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        for fd in (document_read, document_write, reply_read, reply_write):
            os.close(fd)
        logger.warning("Could not fork to render %s; the worker renders it", fmt, exc_info=True)
        return None
    if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
        for fd in (document_write, reply_read, *_worker_fds):
            with contextlib.suppress(OSError):
                os.close(fd)
        _child(fmt, render, warm_up, document_read, reply_write)
    gc.unfreeze()
    os.close(document_read)
    os.close(reply_write)
    _worker_fds.update((document_write, reply_read))
    return ForkedRender(fmt, pid, document_write, reply_read, time_limit, label=label or fmt)


class ForkedRender:
    def __init__(
        self,
        fmt: str,
        pid: int,
        document_fd: int,
        reply_fd: int,
        time_limit: float,
        *,
        label: str = "",
    ):
        self.fmt, self.pid, self.label = fmt, pid, label or fmt
        self.document_fd: int | None = document_fd
        self.reply_fd: int | None = reply_fd
        self.time_limit = time_limit
        self.status: int | None = None
        self._sender: threading.Thread | None = None

    def send(self, document, language: str) -> bool:
        """Hand the document over (from a thread: the child may still be loading its
        renderer and the pipe holds only so much). False if it cannot be pickled; the child
        is stopped then."""
        try:
            data = pickle.dumps((language, document), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            logger.warning("The document cannot go to a child process", exc_info=True)
            self.close()
            return False
        fd, self.document_fd = self.document_fd, None

        def hand_over() -> None:
            try:
                _write_all(fd, data)
            except OSError:  # the child is gone; result() says why
                pass
            finally:
                _worker_fds.discard(fd)
                os.close(fd)

        self._sender = threading.Thread(
            target=hand_over, name=f"export-{self.fmt}-document", daemon=True
        )
        self._sender.start()
        return True

    def result(self) -> Rendered:
        """Wait for the child's file; raise :class:`RenderFailed` with the reason if none."""
        deadline = time.monotonic() + self.time_limit
        chunks = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise RenderFailed(
                    _(
                        "The %(format)s file was not ready after %(seconds)s seconds and was stopped."
                    )
                    % {"format": self.label, "seconds": f"{self.time_limit:.0f}"}
                )
            ready, _w, _x = select.select([self.reply_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.reply_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        self._reap()
        self.close()
        data = b"".join(chunks)
        if not data:
            raise RenderFailed(
                _("The %(format)s file was not made: its process stopped (%(how)s).")
                % {"format": self.label, "how": self._describe()}
            )
        reply = pickle.loads(data)  # noqa: S301 - our own child, through our own pipe
        if reply[0] != "ok":
            logger.error("Rendering %s in a child process failed:\n%s", self.fmt, reply[2])
            raise RenderFailed(reply[1])
        return Rendered(content=reply[1], seconds=reply[2], peak_rss_kb=reply[3])

    def close(self) -> None:
        """Stop the child if it still runs, reap it, close the pipes. Safe to call again."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        if self._sender is not None:
            self._sender.join(timeout=10)
        for name in ("document_fd", "reply_fd"):
            fd = getattr(self, name)
            if fd is not None:
                setattr(self, name, None)
                _worker_fds.discard(fd)
                os.close(fd)

    def _reap(self) -> None:
        if self.status is not None:
            return
        try:
            _pid, self.status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): nothing to wait for
            self.status = -1

    def _describe(self) -> str:
        if self.status is None or self.status < 0:
            return "exit status unknown"
        if os.WIFSIGNALED(self.status):
            return f"killed by signal {os.WTERMSIG(self.status)}"
        return f"exit status {os.waitstatus_to_exitcode(self.status)}"
