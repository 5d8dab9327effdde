"""The annual report export for one year: wall time and the worker's peak memory, beside the
aggregate SQL queries alone that produce the same figures (the floor).

The export runs in a worker subprocess exactly as the Celery task runs it
(``imdi.reports.services.export_run`` on a queued ``ReportExport`` with PDF, Word and Excel);
the parent reads the peak resident memory of the worker and of its own children (the PDF is
rendered in a child process of the worker) with ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``,
which is the largest of them all. The phases are the ones the service logs (collecting and
building the document; each file, wherever it is rendered; all the files together). The floor is the set of GROUP BY queries
(HR equality tables for the year, the year before and the five-year trend, pay gap and
quartiles, immigrant background, casework statistics per kind, grant statistics per scheme
and the Jobbsjansen KPI over five years) run with psycopg on the same database.

    .venv/bin/python benchmarks/export.py --scale 1 [--year 2025]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

HR_TABLE = """
SELECT year, position_category, gender,
  count(*) FILTER (WHERE NOT left_in_year),
  avg(annual_salary) FILTER (WHERE NOT left_in_year),
  count(*) FILTER (WHERE NOT left_in_year AND fte_percent < 100),
  avg(annual_salary) FILTER (WHERE NOT left_in_year AND fte_percent < 100),
  count(*) FILTER (WHERE NOT left_in_year AND temporary),
  avg(annual_salary) FILTER (WHERE NOT left_in_year AND temporary),
  count(*) FILTER (WHERE NOT left_in_year AND involuntary_part_time),
  avg(annual_salary) FILTER (WHERE NOT left_in_year AND involuntary_part_time),
  count(*) FILTER (WHERE hired_in_year), avg(annual_salary) FILTER (WHERE hired_in_year),
  count(*) FILTER (WHERE left_in_year), avg(annual_salary) FILTER (WHERE left_in_year),
  count(*) FILTER (WHERE parental_leave_weeks > 0),
  sum(parental_leave_weeks) FILTER (WHERE parental_leave_weeks > 0),
  sum(sick_leave_days), sum(agreed_work_days)
FROM hr_employeerecord WHERE year BETWEEN %(first)s AND %(year)s
GROUP BY GROUPING SETS ((year, position_category, gender), (year, gender))
"""
HR_GAP = """
SELECT position_category, gender, count(*), avg(annual_salary),
  percentile_cont(0.5) WITHIN GROUP (ORDER BY annual_salary)
FROM hr_employeerecord WHERE year = %(year)s AND NOT left_in_year
GROUP BY GROUPING SETS ((position_category, gender), (gender))
"""
HR_QUARTILES = """
SELECT q, gender, count(*), min(annual_salary), max(annual_salary) FROM (
  SELECT gender, annual_salary,
    ntile(4) OVER (ORDER BY annual_salary, employee_id) AS q
  FROM hr_employeerecord WHERE year = %(year)s AND NOT left_in_year) t
GROUP BY q, gender
"""
HR_OTHER = [
    "SELECT year, total_employees, group1, group2, goal_pct FROM hr_immigrantbackground "
    "WHERE year <= %(year)s ORDER BY year",
    "SELECT w.*, m.* FROM hr_equalitywork w LEFT JOIN hr_measure m ON m.work_id = w.id "
    "WHERE w.year = %(year)s",
]
CASES = """
SELECT kind, gender, age_group, exposure, country_of_origin, county_id, count(*)
FROM casework_case WHERE opened_on >= %(start)s AND opened_on < %(end)s
GROUP BY GROUPING SETS ((kind), (kind, gender), (kind, age_group), (kind, exposure),
  (kind, country_of_origin), (kind, county_id))
"""
CASE_THEMES = """
SELECT c.kind, t.theme, count(*) FROM casework_casetheme t
JOIN casework_case c ON c.id = t.case_id
WHERE c.opened_on >= %(start)s AND c.opened_on < %(end)s GROUP BY 1, 2
"""
GRANTS = """
SELECT s.id, s.name, count(a.id),
  count(a.id) FILTER (WHERE d.outcome = 'granted'),
  count(a.id) FILTER (WHERE d.outcome = 'partly_granted'),
  count(a.id) FILTER (WHERE d.outcome = 'rejected'),
  sum(a.amount_applied),
  sum(d.amount) FILTER (WHERE d.outcome IN ('granted', 'partly_granted')),
  (SELECT b.amount FROM grants_schemebudget b WHERE b.scheme_id = s.id AND b.year = %(year)s),
  (SELECT sum(m.amount) FROM grants_municipalallocation m
     JOIN grants_schemebudget b ON b.id = m.budget_id
     WHERE b.scheme_id = s.id AND b.year = %(year)s)
FROM grants_scheme s
LEFT JOIN grants_application a ON a.scheme_id = s.id AND a.year = %(year)s
  AND a.status <> 'draft'
LEFT JOIN grants_decision d ON d.application_id = a.id AND d.is_current
GROUP BY s.id, s.name ORDER BY s.name
"""
KPI = """
SELECT extract(year FROM end_date)::int, outcome, count(*) FROM grants_participant
WHERE end_date >= %(kpi_start)s AND end_date < %(end)s GROUP BY 1, 2
"""
QUERIES = [HR_TABLE, HR_GAP, HR_QUARTILES, *HR_OTHER, CASES, CASE_THEMES, GRANTS, KPI]


def sql_floor(database_url: str, year: int) -> float:
    """Seconds for all the aggregate queries of the year's figures, fetched."""
    import psycopg

    params = {
        "year": year,
        "first": year - 4,
        "start": f"{year}-01-01",
        "end": f"{year + 1}-01-01",
        "kpi_start": f"{year - 4}-01-01",
    }
    with psycopg.connect(database_url) as conn:
        started = time.perf_counter()
        for sql in QUERIES:
            conn.execute(sql, params).fetchall()
        return time.perf_counter() - started


def worker(year: int) -> None:
    """Run one export as the Celery task does, and print what it took."""
    common.setup_django()
    from django.contrib.auth import get_user_model

    from imdi.reports import services
    from imdi.reports.models import ReportExport

    phases: dict[str, float] = {}

    class Phases(logging.Handler):
        """The service logs how long each phase took (a render in a child process too)."""

        def emit(self, record):
            name = getattr(record, "export_phase", None)
            if name:
                phases[name] = phases.get(name, 0.0) + record.seconds

    log = logging.getLogger(services.__name__)
    log.addHandler(Phases())
    log.setLevel(logging.INFO)
    hr = get_user_model().objects.get(username="hr")
    export = ReportExport.objects.create(
        year=year, formats=["pdf", "docx", "xlsx"], requested_by=hr
    )
    t0 = time.perf_counter()
    outcome = services.export_run(export_id=export.pk)
    seconds = time.perf_counter() - t0
    export.refresh_from_db()
    print(
        json.dumps(
            {
                "outcome": outcome,
                "export_error": export.error[:300],
                "seconds": seconds,
                "phases": phases,
                "files": {f.format: f.size for f in export.files.all()},
                "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                # The export's own children (the PDF renderer), reaped by now.
                "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )
    )


def run(scale: float, year: int) -> dict:
    from benchmarks.generate import db_name

    name = db_name(scale)
    database_url = f"{common.PG}/{name}"
    sql_floor(database_url, year)  # warm the cache as the export will find it
    common.DATABASE_URL = database_url
    env = common.bench_env()
    started = time.perf_counter()
    proc = subprocess.run(
        [common.python(), str(Path(__file__).resolve()), "--worker", "--year", str(year)],
        env=env,
        capture_output=True,
        text=True,
        cwd=common.ROOT,
    )
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    if proc.returncode != 0:
        return {"error": (proc.stderr + proc.stdout)[-2000:], "scale": scale, "year": year}
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    floors = [sql_floor(database_url, year) for _ in range(3)]
    report.update(
        scale=scale,
        year=year,
        process_wall_s=wall,
        peak_mb=peak_kb / 1024,
        # CPU seconds of the worker and its children (start-up included): the work done,
        # whatever else the machine runs at the same time.
        cpu_s=usage.ru_utime + usage.ru_stime,
        sql_floor_s=statistics.median(floors),
        ratio=report["seconds"] / statistics.median(floors),
    )
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.year)
        return 0
    report = run(args.scale, args.year)
    common.OUT.mkdir(parents=True, exist_ok=True)
    out = common.OUT / f"export-s{args.scale:g}.json"
    out.write_text(json.dumps(report, indent=1))
    if "error" in report:
        print(f"export failed:\n{report['error']}")
        return 1
    print(
        f"export {args.year} at scale {args.scale:g}: {report['outcome']} in "
        f"{report['seconds']:.2f} s (CPU {report['cpu_s']:.1f} s), peak {report['peak_mb']:.0f} MB; SQL floor "
        f"{report['sql_floor_s'] * 1000:.0f} ms (x{report['ratio']:.1f}); phases "
        + ", ".join(f"{k} {v:.2f} s" for k, v in report["phases"].items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
