from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the .po catalogues (locale/ and clarion/*/locale/) into .mo with polib."

    def handle(self, **options):
        compiled = 0
        # The project catalogue plus one per app (clarion/<app>/locale), so each
        # app owns its strings.
        roots = [*settings.LOCALE_PATHS, *sorted(Path(settings.BASE_DIR).glob("clarion/*/locale"))]
        for root in roots:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
