from django.core.management.base import BaseCommand

from clarion.supporters import counting


class Command(BaseCommand):
    help = "Compare the batched totals with a full recount (exit 1 if they differ)."

    def handle(self, **options):
        counting.fold()
        batched, recounted = counting.tallied(), counting.recount()
        if batched == recounted:
            self.stdout.write(self.style.SUCCESS(f"Totals agree: {batched['signatures']}"))
            return
        self.stderr.write(f"Totals differ:\n batched   {batched}\n recounted {recounted}")
        raise SystemExit(1)
