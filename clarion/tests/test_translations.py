"""Every string of the interface is translated into the seven other languages.

The strings are found the way translators get them (Django's makemessages,
which runs xgettext over the templates and the Python code) in a copy of the
source, and looked up in every catalogue the site loads (locale/ and each
app's own)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase

BASE = Path(settings.BASE_DIR)
OTHERS = [code for code, _name in settings.LANGUAGES if code != "en"]


def interface_strings(workdir):
    for part in ("clarion", "templates"):
        shutil.copytree(
            BASE / part,
            workdir / part,
            ignore=shutil.ignore_patterns("locale", "tests", "__pycache__"),
        )
    shutil.copy(BASE / "manage.py", workdir)
    (workdir / "locale").mkdir()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(workdir), "ENVIRONMENT": "test",
           "DJANGO_SETTINGS_MODULE": "clarion.settings"}  # fmt: skip
    command = [sys.executable, "manage.py", "makemessages", "-l", "xx", "-v0"]
    subprocess.run(command, cwd=workdir, check=True, env=env)
    return polib.pofile(str(workdir / "locale/xx/LC_MESSAGES/django.po"))


def translated(language):
    found = set()
    catalogues = [BASE / "locale", *sorted(BASE.glob("clarion/*/locale"))]
    for root in catalogues:
        path = root / language / "LC_MESSAGES" / "django.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.translated():
                    found.add((entry.msgctxt, entry.msgid))
    return found


class TranslationsTestCase(SimpleTestCase):
    def test_it_translates_every_interface_string_into_every_language(self):
        import tempfile

        with tempfile.TemporaryDirectory() as workdir:
            strings = interface_strings(Path(workdir))
        self.assertGreater(len(strings), 500)
        for language in OTHERS:
            have = translated(language)
            missing = [
                f"{entry.occurrences[0][0] if entry.occurrences else '?'}: {entry.msgid[:60]}"
                for entry in strings
                if (entry.msgctxt, entry.msgid) not in have
            ]
            with self.subTest(language):
                self.assertEqual(missing, [], f"{len(missing)} strings not in {language}")
