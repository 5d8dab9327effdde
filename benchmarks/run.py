"""``make bench``: every benchmark of issue 7, one line per target with the figure and whether
it is met.

    BENCH_SCALES="1 100" .venv/bin/python benchmarks/run.py     # the default scales
    BENCH_SCALES="0.1 1" BENCH_LOAD_SECONDS=20 .venv/bin/python benchmarks/run.py

Steps: generate each scale's database (kept between runs; BENCH_FORCE=1 regenerates), time
the pages at each scale, run the annual report export at each scale, the employee import of
300,000 records (BENCH_IMPORT_RECORDS), and the load run against gunicorn at each scale. The figures go to ``benchmarks/out/*.json``; ``benchmarks/out/summary.md`` holds the
tables that RESULTS.md records.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

HERE = Path(__file__).resolve().parent
MAX_QUERIES = 15
GROWTH = 1.5
FLOOR_FACTOR = 5
EXPORT_FACTOR = 3
EXPORT_MB = 300
IMPORT_FACTOR = 10
LOAD_FACTOR = 4


def step(script: str, *args: str) -> None:
    command = [common.python(), str(HERE / script), *args]
    print(f"$ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=common.ROOT)
    print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)


def load_json(name: str):
    path = common.OUT / name
    return json.loads(path.read_text()) if path.exists() else None


def machine() -> dict:
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "postgresql": common.psql("SHOW server_version"),
        "python": platform.python_version(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=common.ROOT
        ).stdout.strip(),
        "load_average_at_start": os.getloadavg(),
    }


class Verdicts:
    def __init__(self):
        self.lines: list[tuple[bool | None, str, str]] = []

    def add(self, ok: bool | None, target: str, figure: str) -> None:
        self.lines.append((ok, target, figure))
        mark = "MET " if ok else "n/a " if ok is None else "MISS"
        print(f"{mark} {target:58} {figure}", flush=True)


def judge(scales: list[float], v: Verdicts) -> dict:
    small, large = scales[0], scales[-1]
    by_scale = {s: {r["key"]: r for r in (load_json(f"pages-s{s:g}.json") or [])} for s in scales}
    floor = {s: by_scale[s].get("floor", {}).get("median_ms") for s in scales}
    for s in scales:
        v.add(None, f"floor page at scale {s:g}", f"median {floor[s] or 0:.1f} ms")
    keys = [k for k in by_scale[small] if k != "floor"]
    for key in keys:
        a, b = by_scale[small].get(key, {}), by_scale[large].get(key, {})
        name = f"page {key}"
        if a.get("missing") or b.get("missing") or not b:
            v.add(False, name, f"not measured: {a.get('missing') or b.get('missing') or '?'}")
            continue
        qa, qb = a["queries"], b["queries"]
        v.add(
            qa == qb and qb <= MAX_QUERIES and a["queries_stable"] and b["queries_stable"],
            f"{name}: queries same at {small:g}/{large:g} and <= {MAX_QUERIES}",
            f"{qa} / {qb} queries",
        )
        if len(scales) > 1:
            growth = b["median_ms"] / a["median_ms"]
            v.add(
                growth <= GROWTH,
                f"{name}: median at {large:g} <= {GROWTH} x at {small:g}",
                f"{a['median_ms']:.1f} -> {b['median_ms']:.1f} ms (x{growth:.2f})",
            )
        factor = b["median_ms"] / floor[large]
        v.add(
            factor <= FLOOR_FACTOR,
            f"{name}: median at {large:g} <= {FLOOR_FACTOR} x floor",
            f"{b['median_ms']:.1f} ms = x{factor:.1f} floor (p95 {b['p95_ms']:.1f} ms)",
        )
    for s in scales:
        e = load_json(f"export-s{s:g}.json")
        if not e or "error" in e:
            v.add(False, f"export at scale {s:g}", "failed" if e else "not run")
            continue
        v.add(
            e["peak_mb"] < EXPORT_MB,
            f"export at scale {s:g}: worker peak memory < {EXPORT_MB} MB",
            f"{e['peak_mb']:.0f} MB",
        )
        if s == large:
            v.add(
                e["ratio"] <= EXPORT_FACTOR,
                f"export at scale {s:g}: <= {EXPORT_FACTOR} x SQL floor",
                f"{e['seconds']:.1f} s vs {e['sql_floor_s']:.2f} s (x{e['ratio']:.0f}); "
                + ", ".join(f"{k} {t:.1f} s" for k, t in e["phases"].items()),
            )
    i = load_json("import.json")
    if i:
        for path in ("service", "web"):
            v.add(
                i[f"{path}_ratio"] <= IMPORT_FACTOR,
                f"import ({path}) of {i['records']:,}: <= {IMPORT_FACTOR} x COPY",
                f"{i[f'{path}_rps']:,.0f} records/s vs COPY {i['copy_rps']:,.0f}/s "
                f"(x{i[f'{path}_ratio']:.0f})",
            )
    else:
        v.add(False, "import", "not run")
    for s in scales:
        load = load_json(f"load-s{s:g}.json")
        if not load:
            v.add(False, f"load at scale {s:g}", "not run")
            continue
        m, f = load["main"], load["floor"]
        v.add(
            m["errors"] == 0,
            f"load at scale {s:g}: no errors",
            f"{m['errors']} errors in {m['requests']} requests; floor {f['errors']}",
        )
        v.add(
            load["p95_ratio"] <= LOAD_FACTOR,
            f"load at scale {s:g}: p95 <= {LOAD_FACTOR} x floor's",
            f"{m['throughput_rps']:.1f} req/s, p95 {m['p95_ms']:.0f} ms vs floor "
            f"{f['throughput_rps']:.1f} req/s, p95 {f['p95_ms']:.0f} ms (x{load['p95_ratio']:.1f})",
        )
    return by_scale


def summary_md(scales, by_scale, info) -> str:
    small, large = scales[0], scales[-1]
    out = [
        f"Run {info['date']} on commit {info['commit']}: {info['nproc']} cores, "
        f"{info['memory_gb']} GB, PostgreSQL {info['postgresql']}, Python {info['python']}, "
        f"load average at start {', '.join(f'{x:.1f}' for x in info['load_average_at_start'])}.",
        "",
        "| page | user | queries "
        + " / ".join(f"s{s:g}" for s in scales)
        + " | "
        + " | ".join(f"median s{s:g} (ms)" for s in scales)
        + f" | p95 s{large:g} (ms) | growth | x floor s{large:g} | KB s{large:g} |",
        "|---|---|---|" + "---|" * len(scales) + "---|---|---|---|",
    ]
    for key, a in by_scale[small].items():
        rows = [by_scale[s].get(key, {}) for s in scales]
        if any(r.get("missing") for r in rows) or not all(rows):
            why = next((r.get("missing") for r in rows if r.get("missing")), "not measured")
            out.append(f"| {key} | {a['user']} | {why} |" + " |" * (len(scales) + 3))
            continue
        b = rows[-1]
        floor = by_scale[large]["floor"]["median_ms"]
        out.append(
            f"| {key} | {a['user']} | "
            + " / ".join(str(r["queries"]) for r in rows)
            + " | "
            + " | ".join(f"{r['median_ms']:.1f}" for r in rows)
            + f" | {b['p95_ms']:.1f} | x{b['median_ms'] / a['median_ms']:.2f} | "
            f"x{b['median_ms'] / floor:.1f} | {(b.get('bytes') or 0) // 1024} |"
        )
    return "\n".join(out) + "\n"


def main() -> int:
    scales = [float(x) for x in os.environ.get("BENCH_SCALES", "1 100").split()]
    scales.sort()
    repeat = os.environ.get("BENCH_REPEAT", "20")
    records = os.environ.get("BENCH_IMPORT_RECORDS", "300000")
    load_seconds = os.environ.get("BENCH_LOAD_SECONDS", "60")
    common.OUT.mkdir(parents=True, exist_ok=True)
    previous = load_json("summary.json")
    info = previous["machine"] if "--judge-only" in sys.argv and previous else machine()
    print(f"Benchmarks at scales {', '.join(f'{s:g}' for s in scales)}: {info}", flush=True)
    force = ["--force"] if os.environ.get("BENCH_FORCE") == "1" else []
    judge_only = "--judge-only" in sys.argv  # re-read benchmarks/out/*.json, run nothing
    for s in [] if judge_only else scales:
        step("generate.py", "--scale", f"{s:g}", *force)
        step("pages.py", "--scale", f"{s:g}", "--repeat", repeat, "--budget", "15")
        step("export.py", "--scale", f"{s:g}")
    if not judge_only:
        step("employee_import.py", "--records", records)
    for s in [] if judge_only else scales:
        step("load.py", "--scale", f"{s:g}", "--seconds", load_seconds)
    print("\nTargets:")
    verdicts = Verdicts()
    by_scale = judge(scales, verdicts)
    info["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (common.OUT / "summary.json").write_text(
        json.dumps({"machine": info, "scales": scales, "verdicts": verdicts.lines}, indent=1)
    )
    lines = "\n".join(
        f"| {'met' if ok else 'n/a' if ok is None else '**missed**'} | {target} | {figure} |"
        for ok, target, figure in verdicts.lines
    )
    (common.OUT / "summary.md").write_text(
        summary_md(scales, by_scale, info)
        + "\n| verdict | target | figure |\n|---|---|---|\n"
        + lines
        + "\n"
    )
    met = sum(1 for ok, *_ in verdicts.lines if ok)
    judged = sum(1 for ok, *_ in verdicts.lines if ok is not None)
    print(f"\n{met} of {judged} targets met. Tables in {common.OUT / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
