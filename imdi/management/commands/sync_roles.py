from django.core.management.base import BaseCommand

from imdi.services import roles_sync


class Command(BaseCommand):
    help = "Create or update the portal's role groups and their admin permissions (idempotent)."

    def handle(self, *args, **options):
        for line in roles_sync():
            self.stdout.write(line)
