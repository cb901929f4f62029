from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clarion.content.memorial import import_memorial
from clarion.content.packs import DATE_RE
from clarion.lib.sheets import SheetError


class Command(BaseCommand):
    help = "Import the memorial's names from a published list (CSV or XLSX, 'name' column)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--title", required=True, help="title of the published list")
        parser.add_argument("--publisher", required=True, help="who published it")
        parser.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--url", default="")

    def handle(self, file, title, publisher, published, url, **options):
        if not DATE_RE.match(published):
            raise CommandError("--published must be YYYY, YYYY-MM or YYYY-MM-DD")
        try:
            path = Path(file)
            source, count = import_memorial(
                path.name, path.read_bytes(), title, publisher, published, url
            )
        except (OSError, SheetError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {count} names from {source}."))
