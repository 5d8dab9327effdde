"""The employee import of 300,000 records, beside PostgreSQL COPY of the same files.

The records come as 15 CSV files of 20,000 employees, one file per year (the import's own
limit is 20,000 rows per file, ``hr.importing.MAX_ROWS``). Three ways in, each into an empty
table of a database of its own (``imdi_bench_import``), in the same run:

- service: ``hr.importing.parse_file`` (every check of the normal import) and
  ``hr.services.employee_records_replace`` for each file, as the confirm step runs them;
- web: the HR officer's two requests per file through the whole stack (upload: read, check
  and keep the checked records; confirm: verify the kept records' SHA-256, then store), with
  the test Client;
- COPY: PostgreSQL's ``COPY ... FROM STDIN (FORMAT csv, HEADER)`` of the same bytes into a
  plain table with the same column types and no checks (the floor).

Each way runs ``--repeat`` times (default 2) and its best time counts, as COPY's best of two
does; the web client's first request (the import page) is made before the clock starts.

    .venv/bin/python benchmarks/employee_import.py [--records 300000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

DB = "imdi_bench_import"
PER_FILE = 20_000
PLAIN_TABLE = """
DROP TABLE IF EXISTS plain_employee;
CREATE TABLE plain_employee (
  year smallint, employee_id varchar(32), gender varchar(1), position_category varchar(32),
  annual_salary integer, fte_percent numeric(5, 2), temporary boolean,
  involuntary_part_time boolean, hired_in_year boolean, left_in_year boolean,
  parental_leave_weeks numeric(6, 2), sick_leave_days numeric(7, 2),
  agreed_work_days numeric(7, 2))
"""


def make_files(records: int) -> list[tuple[str, bytes]]:
    from benchmarks.generate import employee_rows
    from hr.importing import COLUMNS

    rng = random.Random(42)
    files = []
    n_files = max(1, -(-records // PER_FILE))
    for i in range(n_files):
        year = 2026 - n_files + 1 + i
        count = min(PER_FILE, records - i * PER_FILE)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in employee_rows(1, rng, years=[year], per_year=count):
            writer.writerow(["true" if v is True else "false" if v is False else v for v in row])
        files.append((f"ansatte-{year}.csv", buffer.getvalue().encode()))
    return files


def truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE hr_employeerecord")


def count_records() -> int:
    from hr.models import EmployeeRecord

    return EmployeeRecord.objects.count()


def service_import(files, hr_user) -> float:
    from hr import services
    from hr.importing import parse_file

    truncate()
    started = time.perf_counter()
    for name, data in files:
        result = parse_file(data, name)
        if not result.ok:
            raise RuntimeError(f"{name}: {result.problems[:3]}")
        services.employee_records_replace(records=result.records, user=hr_user)
    return time.perf_counter() - started


def web_import(files, hr_user) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from benchmarks.pages import verified_client

    truncate()
    client = verified_client(hr_user)
    # The first request of a process loads templates and code; that is not the import's cost.
    if client.get(reverse("hr:import")).status_code != 200:
        raise RuntimeError("the import page did not answer")
    started = time.perf_counter()
    for name, data in files:
        upload = SimpleUploadedFile(name, data, content_type="text/csv")
        response = client.post(reverse("hr:import"), {"file": upload})
        if response.status_code != 302:
            raise RuntimeError(f"{name}: upload answered {response.status_code}")
        response = client.post(response["Location"], {"confirm": "1"})
        if response.status_code != 302 or "/import/" in response["Location"]:
            raise RuntimeError(f"{name}: confirm answered {response.status_code}")
    return time.perf_counter() - started


def copy_floor(files) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(PLAIN_TABLE)
        raw = cursor.connection
        started = time.perf_counter()
        with raw.cursor() as pgcur:
            for _name, data in files:
                with pgcur.copy("COPY plain_employee FROM STDIN (FORMAT csv, HEADER)") as copy:
                    copy.write(data)
        took = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM plain_employee")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE plain_employee")
    return took, copied


def run(records: int, repeat: int = 2) -> dict:
    from benchmarks.generate import create_database

    create_database(DB)
    common.DATABASE_URL = f"{common.PG}/{DB}"
    common.setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from imdi.roles import Role

    hr_user = get_user_model().objects.create_user("hr", first_name="Hanne")
    hr_user.groups.add(Group.objects.get(name=str(Role.HR_OFFICER)))
    files = make_files(records)
    total = sum(len(d) for _n, d in files)
    # Each way in runs `repeat` times and its best time counts (the machine may be shared).
    copy_s, copied = copy_floor(files)
    service_s = min(service_import(files, hr_user) for _ in range(repeat))
    stored_service = count_records()
    web_s = min(web_import(files, hr_user) for _ in range(repeat))
    stored_web = count_records()
    copy_again, _ = copy_floor(files)
    copy_s = min(copy_s, copy_again)
    report = {
        "records": records,
        "repeat": repeat,
        "files": len(files),
        "bytes": total,
        "copy_s": copy_s,
        "copy_rps": copied / copy_s,
        "service_s": service_s,
        "service_rps": stored_service / service_s,
        "service_ratio": service_s / copy_s,
        "web_s": web_s,
        "web_rps": stored_web / web_s,
        "web_ratio": web_s / copy_s,
        "stored": [stored_service, stored_web, copied],
    }
    from django.db import connection

    connection.close()
    common.psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each way in; best counts")
    args = parser.parse_args(argv)
    report = run(args.records, args.repeat)
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "import.json").write_text(json.dumps(report, indent=1))
    print(
        f"import of {report['records']:,} records in {report['files']} files: "
        f"service {report['service_s']:.1f} s ({report['service_rps']:,.0f}/s, "
        f"x{report['service_ratio']:.1f} COPY), web {report['web_s']:.1f} s "
        f"({report['web_rps']:,.0f}/s, x{report['web_ratio']:.1f}), COPY {report['copy_s']:.2f} s "
        f"({report['copy_rps']:,.0f}/s); stored {report['stored']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
