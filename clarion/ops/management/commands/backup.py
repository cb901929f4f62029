import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clarion.ops import backup


def passphrase_from(options):
    if options.get("passphrase_file"):
        return Path(options["passphrase_file"]).read_text().strip()
    return os.environ.get("CLARION_BACKUP_PASSPHRASE") or None


class Command(BaseCommand):
    help = (
        "Write one consistent archive of the database (every table), the media files and a "
        "manifest into DIR; optionally encrypted, uploaded to S3 and pruned (see clarion/ops/"
        "backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--passphrase-file", help="encrypt with the passphrase in this file "
                            "(or set CLARION_BACKUP_PASSPHRASE)")  # fmt: skip
        parser.add_argument("--no-media", action="store_true", help="the database only")
        parser.add_argument("--keep-daily", type=int, default=settings.BACKUP_KEEP_DAILY)
        parser.add_argument("--keep-weekly", type=int, default=settings.BACKUP_KEEP_WEEKLY)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, directory, **options):
        quiet = options["no_progress"] or not sys.stderr.isatty()
        bar = tqdm(desc="rows", unit=" rows", disable=quiet, file=sys.stderr)
        try:
            path = backup.backup(directory, passphrase=passphrase_from(options),
                                 media=not options["no_media"], progress=bar.update)  # fmt: skip
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
        gone = backup.prune_local(directory, options["keep_daily"], options["keep_weekly"])
        if gone:
            self.stdout.write(f"Pruned {len(gone)} older archives here.")
        if settings.BACKUP_S3_BUCKET:
            try:
                uploaded, deleted = backup.upload(directory, options["keep_daily"],
                                                  options["keep_weekly"])  # fmt: skip
            except Exception as error:  # S3 unreachable: the local copy stays, next run retries
                raise CommandError(
                    f"The backup is kept in {directory}, but the upload to S3 failed: {error}. "
                    "The next backup uploads it again."
                ) from error
            self.stdout.write(f"Uploaded to S3: {', '.join(uploaded) or 'nothing new'}; "
                              f"{len(deleted)} old archives deleted there.")  # fmt: skip
