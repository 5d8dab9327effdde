"""Generated employee records for the HR tests."""

import random
from decimal import Decimal

from hr.models import EmployeeRecord, PositionCategory

CATEGORIES = [c.value for c in PositionCategory]


def record(**fields) -> EmployeeRecord:
    defaults = {
        "year": 2023,
        "employee_id": "A1",
        "gender": "K",
        "position_category": "saksbehandler",
        "annual_salary": 650_000,
        "fte_percent": Decimal("100"),
        "temporary": False,
        "involuntary_part_time": False,
        "hired_in_year": False,
        "left_in_year": False,
        "parental_leave_weeks": Decimal("0"),
        "sick_leave_days": Decimal("0"),
        "agreed_work_days": Decimal("230"),
    }
    defaults.update(fields)
    return EmployeeRecord.objects.create(**defaults)


def random_records(year: int, n: int, *, seed: int, categories=None) -> list[EmployeeRecord]:
    """n random records of a year, with every kind of flag and odd decimals."""
    rng = random.Random(seed)
    categories = categories or CATEGORIES
    objs = []
    for i in range(n):
        objs.append(
            EmployeeRecord(
                year=year,
                employee_id=f"E{seed}-{i:04d}",
                gender=rng.choice("MKK"),
                position_category=rng.choice(categories),
                annual_salary=rng.randint(120_000, 1_400_000),
                fte_percent=rng.choice([Decimal("100")] * 5 + [Decimal("80"), Decimal("62.5")]),
                temporary=rng.random() < 0.2,
                involuntary_part_time=rng.random() < 0.05,
                hired_in_year=rng.random() < 0.2,
                left_in_year=rng.random() < 0.18,
                parental_leave_weeks=rng.choice(
                    [Decimal("0")] * 8 + [Decimal("5.5"), Decimal("14.33")]
                ),
                sick_leave_days=Decimal(rng.randint(0, 4000)) / 100,
                agreed_work_days=Decimal(rng.randint(10000, 23000)) / 100,
            )
        )
    return EmployeeRecord.objects.bulk_create(objs)
