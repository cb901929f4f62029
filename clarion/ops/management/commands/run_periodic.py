from django.core.management.base import BaseCommand

from clarion.ops import periodic


class Command(BaseCommand):
    help = "Run every periodic job once (for cron, or when no worker is running)."

    def handle(self, **options):
        periodic.run_all()
        self.stdout.write("Periodic jobs done.")
