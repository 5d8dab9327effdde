"""Shared set-up for the benchmark scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = os.environ.get("BENCH_DB", "imdi_bench")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"{PG}/{DB_NAME}")
PERSONAS = [
    "admin",
    "tilskudd",
    "godkjenner",
    "radgiver1",
    "radgiver2",
    "utsending1",
    "koordinator",
    "hr",
    "leder",
]


def bench_env() -> dict:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    env["DATABASE_URL"] = env["BENCH_DATABASE_URL"] = DATABASE_URL
    env["IMDI_PRIVATE_STORAGE"] = str(OUT / "private")
    env["PYTHONPATH"] = str(ROOT)
    env.pop("CELERY_BROKER_URL", None)
    return env


def setup_django() -> None:
    """Configure Django in this process against the benchmark database."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for key, value in bench_env().items():
        if key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "IMDI_PRIVATE_STORAGE"):
            os.environ[key] = value
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def python() -> str:
    return sys.executable
