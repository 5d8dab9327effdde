"""A bounded load run against gunicorn on loopback: 20 concurrent users working through the
main pages, then the floor page under the same load.

gunicorn serves the portal with the production settings (``benchmarks.bench_settings``) on
127.0.0.1 only; ``wrk`` keeps 20 connections busy for a fixed time, each request taking the
next main page in turn with a verified 2FA session of that page's role (three sessions per
role). The pages and their object ids are those of the page benchmark at the same scale
(``out/pages-s<scale>.json``). Throughput, the 95th percentile and every answer that is
not 200 are counted; then the same for the floor page alone.

    .venv/bin/python benchmarks/load.py --scale 1 [--seconds 60] [--users 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

SESSIONS_PER_ROLE = 3
LUA = r"""
local entries = {ENTRIES}
local i = 0
local counts = {}
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  i = tonumber(wrk.thread:get("id")) * 7
  non200 = 0
end

function request()
  i = i + 1
  local e = entries[(i % #entries) + 1]
  return wrk.format("GET", e[1], {["Cookie"] = e[2]})
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %f, \"p50_ms\": %f, \"p95_ms\": %f, "
    .. "\"p99_ms\": %f, \"max_ms\": %f, \"non200\": %d, \"connect\": %d, \"read\": %d, "
    .. "\"write\": %d, \"timeout\": %d, \"status\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sessions(users: list[str]) -> dict[str, list[str]]:
    """Session cookies (verified second factor) per username."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from benchmarks.pages import verified_client

    result = {}
    for user in get_user_model().objects.filter(username__in=users):
        result[user.username] = [
            verified_client(user).cookies[settings.SESSION_COOKIE_NAME].value
            for _ in range(SESSIONS_PER_ROLE)
        ]
    return result


def lua_entries(entries: list[tuple[str, str]]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ", ".join(f"{{{quote(p)}, {quote(c)}}}" for p, c in entries) + "}"


def wrk(port: int, entries, *, seconds: int, users: int, workdir: Path) -> dict:
    script = workdir / f"load-{len(entries)}.lua"
    script.write_text(LUA.replace("{ENTRIES}", lua_entries(entries)))
    proc = subprocess.run(
        [
            "wrk",
            f"-t{min(2, users)}",
            f"-c{users}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["throughput_rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("non200", "connect", "read", "write", "timeout"))
    return result


@contextlib.contextmanager
def gunicorn(scale: float, workers: int):
    """gunicorn with the benchmark settings on a free loopback port, stopped on exit."""
    port = free_port()
    env = common.bench_env()
    log = common.OUT / f"gunicorn-s{scale:g}.log"
    with open(log, "a") as log_file:
        server = subprocess.Popen(
            [
                str(Path(common.python()).parent / "gunicorn"),
                "imdi.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--chdir",
                str(common.ROOT),
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=common.ROOT,
        )
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {log}") from None
                time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run(scale: float, seconds: int, users: int, workers: int) -> dict:
    from benchmarks.generate import db_name

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    pages_file = common.OUT / f"pages-s{scale:g}.json"
    pages = [p for p in json.loads(pages_file.read_text()) if p["url"] and not p["missing"]]
    floor = next(p for p in pages if p["key"] == "floor")
    main_pages = [p for p in pages if p["key"] != "floor"]
    common.DATABASE_URL = f"{common.PG}/{db_name(scale)}"
    common.setup_django()
    cookies = sessions(sorted({p["user"] for p in pages}))
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    entries = []
    for k in range(SESSIONS_PER_ROLE):
        for p in main_pages:
            entries.append((p["url"], f"{name}={cookies[p['user']][k]}"))
    floor_entries = [
        (floor["url"], f"{name}={cookies[floor['user']][k]}") for k in range(SESSIONS_PER_ROLE)
    ]
    from django.db import connection

    connection.close()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with gunicorn(scale, workers) as port:
            # Warm every worker on every page.
            wrk(port, entries, seconds=5, users=users, workdir=workdir)
            main_result = wrk(port, entries, seconds=seconds, users=users, workdir=workdir)
        # A fresh server for the floor: requests still running after the main run (wrk stops
        # waiting, the workers do not) must not count against the floor.
        with gunicorn(scale, workers) as port:
            wrk(port, floor_entries, seconds=5, users=users, workdir=workdir)
            floor_result = wrk(
                port, floor_entries, seconds=max(10, seconds // 2), users=users, workdir=workdir
            )
    return {
        "scale": scale,
        "users": users,
        "workers": workers,
        "seconds": seconds,
        "pages": [p["key"] for p in main_pages],
        "main": main_result,
        "floor": floor_result,
        "p95_ratio": main_result["p95_ms"] / floor_result["p95_ms"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", 60))
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args(argv)
    report = run(args.scale, args.seconds, args.users, args.workers)
    out = common.OUT / f"load-s{args.scale:g}.json"
    out.write_text(json.dumps(report, indent=1))
    m, f = report["main"], report["floor"]
    print(
        f"load at scale {args.scale:g}, {args.users} users, {args.seconds} s, "
        f"{args.workers} workers: main pages {m['throughput_rps']:.1f} req/s, "
        f"p95 {m['p95_ms']:.0f} ms, errors {m['errors']}; floor {f['throughput_rps']:.1f} "
        f"req/s, p95 {f['p95_ms']:.0f} ms, errors {f['errors']}; p95 ratio "
        f"x{report['p95_ratio']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
