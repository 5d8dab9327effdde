from django.core.management.base import BaseCommand

from imdi.services import schedules_sync


class Command(BaseCommand):
    help = "Create the periodic tasks declared in settings that are missing (kept if changed)."

    def handle(self, *args, **options):
        for line in schedules_sync():
            self.stdout.write(line)
