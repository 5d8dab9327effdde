from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imdi.demo import DEMO_USERS, demo_users, seed_apps
from imdi.services import roles_sync


class Command(BaseCommand):
    help = "Create the demo users (one per role) and each app's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (never in production).",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Share of the full demo volume (for tests)."
        )
        parser.add_argument("--users-only", action="store_true", help="Create the users only.")

    def handle(self, *args, password, force, scale, users_only, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data is for development: DJANGO_DEBUG is off. Add --force if you mean it."
            )
        roles_sync()
        users = demo_users(password)
        if not users_only:
            seed_apps(users, scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo users (password as given):"))
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")
