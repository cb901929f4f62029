import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from clarion.content.models import MemorialName, MemorialSource

from .base import BaseTestCase

SOURCE = ["--title", "Test list", "--publisher", "Test publisher", "--published", "2020-02"]


class ImportMemorialTestCase(BaseTestCase):
    def write(self, text, encoding="utf-8"):
        path = Path(tempfile.mkdtemp()) / "list.csv"
        path.write_bytes(text.encode(encoding))
        return str(path)

    def test_it_imports_and_cites_the_source(self):
        call_command("import_memorial", self.write("name,age\nPerson A,40\nPerson B,\n"), *SOURCE)
        self.assertEqual(MemorialName.objects.count(), 2)
        html = self.get_page("/en/memorial/").content.decode()
        self.assertIn("Person A", html)
        self.assertIn("Test publisher", html)

    def test_it_replaces_names_on_reimport(self):
        call_command("import_memorial", self.write("name\nPerson A\nPerson B\n"), *SOURCE)
        call_command("import_memorial", self.write("name\nPerson C\n"), *SOURCE)
        self.assertEqual(list(MemorialName.objects.values_list("name", flat=True)), ["Person C"])
        self.assertEqual(MemorialSource.objects.count(), 1)

    def test_it_imports_nothing_when_a_row_is_bad(self):
        with self.assertRaisesRegex(CommandError, "line 3"):
            call_command("import_memorial", self.write("name,age\nPerson A,40\n,\n"), *SOURCE)
        self.assertFalse(MemorialName.objects.exists())

    def test_it_refuses_a_file_in_the_wrong_encoding(self):
        with self.assertRaisesRegex(CommandError, "not UTF-8"):
            call_command("import_memorial", self.write("name\nÇ\n", "utf-16"), *SOURCE)

    def test_it_refuses_a_bad_date(self):
        args = SOURCE[:-1] + ["last year"]
        with self.assertRaisesRegex(CommandError, "--published"):
            call_command("import_memorial", self.write("name\nPerson A\n"), *args)
