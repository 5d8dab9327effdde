"""Demo users, one per role, and the hook that lets each app add its own demo data."""

import importlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from imdi.roles import Role

DEMO_USERS: list[tuple[str, str, str, Role | None]] = [
    # username, first name, last name, role
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR),
    ("tilskudd", "Tora", "Tilskuddsforvalter", Role.GRANT_OFFICER),
    ("godkjenner", "Geir", "Godkjenner", Role.GRANT_APPROVER),
    ("radgiver1", "Rania", "Rådgiver", Role.DIVERSITY_ADVISOR),
    ("radgiver2", "Robert", "Rådgiver", Role.DIVERSITY_ADVISOR),
    ("utsending1", "Ulla", "Utsending", Role.SPECIAL_ENVOY),
    ("koordinator", "Kari", "Koordinator", Role.CASEWORK_COORDINATOR),
    ("hr", "Hanne", "HR-rådgiver", Role.HR_OFFICER),
    ("leder", "Lars", "Leder", Role.REPORT_READER),
]

# Each app's demo module has seed(*, users, scale, stdout). Order matters only where one
# app's demo data reads another's.
DEMO_MODULES = ["grants.demo", "casework.demo", "hr.demo", "imdi.reports.demo"]


@transaction.atomic
def demo_users(password: str) -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.imdi.no"
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.set_password(password)
        user.save()
        if role is not None:
            user.groups.add(Group.objects.get(name=str(role)))
        users[username] = user
    return users


def seed_apps(users: dict, *, scale: float, stdout) -> None:
    for module_name in DEMO_MODULES:
        importlib.import_module(module_name).seed(users=users, scale=scale, stdout=stdout)
