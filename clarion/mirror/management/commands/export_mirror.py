from django.conf import settings
from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clarion.mirror import export


class Command(BaseCommand):
    # Not the URL and model checks: they import the whole admin, a second of an
    # export with nothing to render, and `migrate` runs them on every deployment.
    requires_system_checks = [Tags.staticfiles, Tags.templates, Tags.translation, Tags.caches]
    help = (
        "Write the public site (every page in every language, images, styles, feeds, "
        "calendars, the press kit) as static files into DIR, for another host or a USB stick."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--force", action="store_true", help="write into a non-empty directory")
        parser.add_argument(
            "--full", action="store_true", help="render everything again (not incremental)"
        )
        parser.add_argument(
            "--contact",
            default=settings.MIRROR_CONTACT_EMAIL,
            help="address the copy's forms offer when the main site is blocked",
        )
        parser.add_argument(
            "--language", action="append", dest="langs", metavar="CODE",
            help="copy only this language (repeat for more; all by default)",
        )  # fmt: skip
        parser.add_argument("--archive", help="also pack the copy into this .zip or .tar.gz")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, directory, **options):
        bar = tqdm(unit="file", disable=options["no_progress"], desc="Copying")
        try:
            exporter = export.Exporter(
                directory, force=options["force"], full=options["full"],
                contact=options["contact"], progress=bar, langs=options["langs"],
            )  # fmt: skip
            result = exporter.run()
        except export.MirrorError as problem:
            raise CommandError(str(problem)) from None
        finally:
            bar.close()
        self.stdout.write(
            f"Copy in {directory}: {result['files']} files, {result['written']} written, "
            f"{result['kept']} unchanged, {result['rendered']} pages rendered."
        )
        if options["archive"]:
            self.stdout.write(f"Archive: {export.archive(directory, options['archive'])}")
