from django.core.management.base import BaseCommand, CommandError

from clarion.content import pagecache
from clarion.content.loader import PackLoader
from clarion.content.packs import PackError


class Command(BaseCommand):
    help = "Load (or update) a content pack from content_packs/<name>/, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("name", help="pack folder name, e.g. khojaly, or a path")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, name, no_progress=False, **options):
        try:
            counts = PackLoader(name, progress=not no_progress).load()
        except PackError as error:
            raise CommandError(str(error)) from None
        pagecache.invalidate_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded content pack {name}: {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['removed']} removed."
            )
        )
