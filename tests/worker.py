"""A real Celery worker for tests, started as a subprocess against the test database.

Use it in tests marked ``@pytest.mark.services`` (PostgreSQL + Redis; skipped without them)
that commit their data, i.e. with ``transactional_db`` or
``@pytest.mark.django_db(transaction=True)``: the worker is another process and sees only
committed rows.

Fixture (one worker for the test, stopped afterwards)::

    @pytest.mark.services
    @pytest.mark.django_db(transaction=True)
    def test_task_runs(celery_worker):
        my_task.delay(obj.id)
        wait_for(lambda: Thing.objects.get(pk=obj.id).done)

Context manager (several workers, or a worker killed on purpose)::

    with CeleryWorker(name="a", env={"REPORT_EXPORT_STALE_SECONDS": "2"}) as worker:
        ...
        worker.kill()        # SIGKILL, no warm shutdown: tasks in hand stay unacknowledged
    # leaving the block stops the worker (SIGTERM, then SIGKILL after ``stop_timeout``)

    a, b = CeleryWorker("a").launch(), CeleryWorker("b", purge=False).launch()
    with a, b:               # both start at once; entering waits until each is ready
        ...

What the worker gets:

- ``python -m celery -A imdi worker --pool=solo --concurrency=1`` in its own process group;
- ``DATABASE_URL`` pointing at the test database (name, user, host and port from
  ``django.db.connection.settings_dict``), ``CELERY_BROKER_URL`` from settings, the test's
  ``DJANGO_SETTINGS_MODULE`` (or ``settings_module=...``), and ``IMDI_PRIVATE_STORAGE`` set
  to the test's private storage folder, so files it writes are where the test looks;
- any ``env`` you pass (strings), e.g. ``CELERY_VISIBILITY_TIMEOUT``.

Starting a worker (``start``/``launch``) empties the broker's default queue and its unacknowledged set
first (``purge=False`` to keep them), so messages left by an earlier test cannot run
against this test's data, and returns once the worker logs that it is ready (its log is in
``worker.log_path`` and is printed if it fails to start). ``wait_for(predicate)`` polls
until a condition holds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def database_url_for_worker() -> str:
    """A DATABASE_URL for the database this test process is using right now."""
    s = connection.settings_dict
    if not s["ENGINE"].endswith("postgresql"):
        raise RuntimeError("A worker process needs PostgreSQL (set DATABASE_URL).")
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def private_storage_location() -> str:
    return str(settings.STORAGES["private"]["OPTIONS"]["location"])


def purge_broker() -> None:
    """Drop waiting and unacknowledged messages in the broker (the test's Redis database)."""
    from imdi.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue or "celery")
        client = getattr(conn.default_channel, "client", None)
        if client is not None:  # Redis: messages taken by a worker that died
            client.delete("unacked", "unacked_index", "unacked_mutex")


def wait_for(predicate: Callable[[], object], timeout: float = 60, interval: float = 0.2):
    """Poll until ``predicate()`` is truthy and return its value; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


class CeleryWorker:
    def __init__(
        self,
        name: str = "worker",
        *,
        env: dict[str, str] | None = None,
        settings_module: str | None = None,
        purge: bool = True,
        start_timeout: float = 60,
        stop_timeout: float = 30,
        extra_args: tuple[str, ...] = (),
    ):
        self.name = f"{name}-{uuid.uuid4().hex[:6]}"
        self.env = env or {}
        self.settings_module = settings_module or os.environ.get(
            "DJANGO_SETTINGS_MODULE", "imdi.settings_test"
        )
        self.purge = purge
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.gettempdir()) / f"celery-{self.name}.log"

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> CeleryWorker:
        """Launch the worker and return once it is ready."""
        return self.launch().wait_ready()

    def launch(self) -> CeleryWorker:
        """Start the process without waiting (start several, then ``wait_ready`` each)."""
        if self.purge:
            purge_broker()
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_worker(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "IMDI_PRIVATE_STORAGE": private_storage_location(),
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(BASE_DIR), os.environ.get("PYTHONPATH", "")) if p
            ),
            **{k: str(v) for k, v in self.env.items()},
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "imdi",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={self.name}@%h",
            *self.extra_args,
        ]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill() reaches every child
        )
        return self

    def wait_ready(self) -> CeleryWorker:
        deadline = time.monotonic() + self.start_timeout
        while b" ready." not in self.log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log()
                self.kill()
                raise RuntimeError(f"Celery worker {self.name} did not start:\n{log}")
            time.sleep(0.1)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker's process group: no warm shutdown, no acknowledgement."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM lets the task in hand finish), SIGKILL if it hangs."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None) is not None and not self._log.closed:
            self._log.close()

    def __enter__(self) -> CeleryWorker:
        if self.process is None:
            self.start()
        else:
            self.wait_ready()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@pytest.fixture
def celery_worker(transactional_db, settings):
    """One real worker for the test (see the module's docstring)."""
    with CeleryWorker() as worker:
        yield worker
