import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clarion.ops import backup
from clarion.ops.management.commands.backup import passphrase_from


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (SQLite or PostgreSQL, "
        "whichever made it): checks every checksum first, loads in one transaction and "
        "compares the counts with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--passphrase-file", help="the passphrase of an encrypted archive "
                            "(or set CLARION_BACKUP_PASSPHRASE)")  # fmt: skip
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database that is not empty")  # fmt: skip
        parser.add_argument("--no-media", action="store_true", help="the database only")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, archive, **options):
        quiet = options["no_progress"] or not sys.stderr.isatty()
        bars = []

        def progress(name, total):
            bars.append(tqdm(desc=name, total=total, disable=quiet, file=sys.stderr))
            return bars[-1].update

        try:
            manifest = backup.restore(
                archive, passphrase=passphrase_from(options), force=options["force"],
                media=not options["no_media"], progress=progress, say=self.stdout.write,
            )  # fmt: skip
        except backup.BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        finally:
            for bar in bars:
                bar.close()
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Restored {rows:,} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['media'].get('files', {}))} media files from a {manifest['engine']} "
            f"backup of {manifest['created_at']}; counts match the manifest. Rebuild the search "
            "index with `manage.py update_index` if search matters to you now."
        )
