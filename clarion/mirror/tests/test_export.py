import datetime
import functools
import http.server
import io
import re
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import time_machine
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from clarion.api.sitemap import page_path
from clarion.api.tests.base import confirmed_signature
from clarion.content.models import NewsItemPage
from clarion.mirror import export
from clarion.tests.clock import TEST_NOW

SITE = "https://primary.example"
CONTACT = "copy@example.org"


def tree(root):
    """{file name: bytes} of a copy, without its manifest."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != export.MANIFEST
    }


def modified(root):
    """{file name: modification time} of a copy, without its manifest."""
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file() and path.name != export.MANIFEST
    }


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["primary.example", "testserver"])
class ExportMirrorTestCase(TestCase):
    """One export of the whole default site, checked from several sides.

    That export reads what the session committed (the content pack) before the
    class's transaction opens, so helper processes render its pages as they
    would for `manage.py export_mirror`; the exports the tests make afterwards
    see the tests' own rows and render in this process. An incremental export
    from the helpers' copy then has to equal a full export made here.

    They all run with the clock stopped (tick=False): a press kit or a feed
    carries the time it was made, so two copies made at different instants
    differ in those bytes whatever the export does."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name) / "copy"
        # The class's settings apply from super().setUpClass(), which opens the transaction.
        with (
            override_settings(**cls._overridden_settings),
            time_machine.travel(TEST_NOW, tick=False),
        ):
            cls.exporter = export.Exporter(cls.root, contact=CONTACT, workers=2)
            cls.exporter.run()
        cls.file_count = len(tree(cls.root))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    @staticmethod
    def read_in(exporter, name):
        return (exporter.target / name).read_text()

    def read(self, name):
        return (self.root / name).read_text()

    def test_helper_processes_render_what_is_committed(self):
        self.assertGreater(len(self.exporter.rendered_paths), 1000)
        self.assertEqual(self.exporter.rendered_elsewhere, len(self.exporter.rendered_paths))

    def test_it_writes_every_language(self):
        for lang in ("en", "ru", "tr", "es", "fr", "ar", "de", "az"):
            with self.subTest(lang=lang):
                html = self.read(f"{lang}/index.html")
                self.assertIn(f'lang="{lang}"', html)
                self.assertTrue((self.root / lang / "join" / "index.html").exists())
                self.assertTrue((self.root / lang / "news" / "feed" / "index.xml").exists())
                self.assertTrue((self.root / lang / "events" / "calendar.ics").exists())
        self.assertIn('dir="rtl"', self.read("ar/index.html"))
        self.assertTrue((self.root / "en" / "press" / "kit.zip").exists())
        self.assertTrue((self.root / "index.html").exists())

    def test_links_are_relative_and_forms_go_to_the_primary_site(self):
        html = self.read("fr/join/index.html")
        self.assertIn('href="../../static/css/site.css"', html)
        self.assertIn('href="../facts/index.html"', html)
        self.assertRegex(html, f'action="{re.escape(SITE)}/fr/join/"')
        self.assertIn("mirror-note", html)
        self.assertIn("mailto:copy@example.org", html)
        self.assertIn("mirror-banner", html)
        self.assertNotRegex(html, r'(href|src)="/(?!/)')

    def test_served_by_a_static_server_every_internal_link_answers(self):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(self.root))
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            pages = ["en/index.html", "ar/index.html", "en/news/index.html", "ar/facts/index.html"]
            checked = set()
            for page in pages:
                html = urlopen(base + page).read().decode()
                for link in re.findall(r'(?:href|src)="([^"#]+)"', html):
                    if link.startswith(("http", "mailto:")):
                        continue
                    url = urljoin(base + page, link)
                    if url in checked:
                        continue
                    checked.add(url)
                    with self.subTest(page=page, link=link):
                        self.assertEqual(urlopen(url).status, 200)
            self.assertGreater(len(checked), 20)
        finally:
            server.shutdown()

    def test_it_refuses_a_non_empty_directory_it_did_not_write(self):
        with tempfile.TemporaryDirectory() as other:
            (Path(other) / "notes.txt").write_text("mine")
            with self.assertRaisesMessage(CommandError, "not empty"):
                call_command("export_mirror", other, "--no-progress", stdout=io.StringIO())
            self.assertEqual((Path(other) / "notes.txt").read_text(), "mine")

    def export(self, name, *, again=True, at=TEST_NOW, langs=None):
        """An exporter that has run into a new folder: a copy of the class's
        export (modification times kept) when `again`, else an empty one."""
        target = Path(self.tmp.name) / name
        if again:
            shutil.copytree(self.root, target)
        with time_machine.travel(at, tick=False):
            exporter = export.Exporter(target, contact=CONTACT, langs=langs)
            exporter.run()
        return exporter

    def edit_news_item(self):
        item = NewsItemPage.objects.live().filter(locale__language_code="en").first()
        item.title = "A title the editor changed"
        item.save_revision().publish()
        return page_path("en", item.url_path)

    def test_it_rewrites_nothing_when_nothing_changed(self):
        exporter = self.export("unchanged")
        self.assertEqual(exporter.rendered_paths, [])
        self.assertEqual(exporter.written, 0)
        self.assertEqual(modified(exporter.target), modified(self.root))
        self.assertEqual(tree(exporter.target), tree(self.root))

    def test_it_renders_again_an_edited_page_and_the_numbers_of_a_new_signature(self):
        path = self.edit_news_item()
        confirmed_signature("new.signer@example.org")
        exporter = self.export("edited")
        rendered = set(exporter.rendered_paths)
        self.assertIn(path, rendered)
        page = (exporter.target / path[1:] / "index.html").read_text()
        self.assertIn("A title the editor changed", page)
        self.assertIn("/en/", rendered)  # the home page's counter
        self.assertIn("/en/embed/counter/", rendered)
        self.assertNotIn("/en/facts/", rendered)
        self.assertLess(len(rendered), self.file_count / 2)
        home = "en/index.html"
        self.assertNotEqual((exporter.target / home).read_bytes(), (self.root / home).read_bytes())

    def test_it_equals_a_full_export_of_the_same_state(self):
        # Two languages of the eight (a left-to-right and a right-to-left one):
        # a full export of all of them would take as long as the class's.
        self.edit_news_item()
        confirmed_signature("new.signer@example.org")
        again = self.export("incremental", langs=["ar", "en"])
        full = self.export("full", again=False, langs=["ar", "en"])
        self.assertEqual(full.rendered_elsewhere, 0)  # the test's rows: rendered here
        self.assertGreater(len(full.rendered_paths), 300)
        self.assertEqual(tree(again.target), tree(full.target))
        languages = {name.split("/")[0] for name in tree(full.target) if "/" in name}
        self.assertEqual(languages - {"static", "media"}, {"ar", "en"})
        # The other languages' pages are gone from the copy; links to them lead to the
        # primary site.
        self.assertIn(
            'href="https://primary.example/fr/join/"', self.read_in(full, "en/join/index.html")
        )

    def test_it_refuses_a_language_it_does_not_have(self):
        with self.assertRaisesMessage(export.MirrorError, "No such language here: xx"):
            export.Exporter(Path(self.tmp.name) / "xx", langs=["en", "xx"])

    def test_it_renders_again_the_pages_that_read_the_clock_an_hour_later(self):
        within = self.export(
            "within", at=TEST_NOW + export.CLOCK_STEP - datetime.timedelta(minutes=1)
        )
        self.assertEqual(within.rendered_paths, [])  # the copy's clock stands
        later = TEST_NOW + export.CLOCK_STEP
        if later.date() != TEST_NOW.date():  # another day renders every page (the banner's date)
            later = TEST_NOW - export.CLOCK_STEP
        exporter = self.export("later", at=later)
        rendered = set(exporter.rendered_paths)
        self.assertIn("/en/petitions/", rendered)  # open petitions: those open by now
        self.assertIn("/en/", rendered)  # upcoming events
        self.assertNotIn("/en/facts/", rendered)


class PathsTestCase(TestCase):
    def test_it_names_files(self):
        self.assertEqual(export.file_of("/fr/news/", "text/html"), "fr/news/index.html")
        self.assertEqual(
            export.file_of("/fr/news/?page=2", "text/html"), "fr/news/index-page-2.html"
        )
        self.assertEqual(
            export.file_of("/en/news/feed/", "application/atom+xml; charset=utf-8"),
            "en/news/feed/index.xml",
        )
        self.assertEqual(export.file_of("/ar/%D8%A3/", "text/html"), "ar/أ/index.html")

    def test_it_leaves_private_and_filtered_pages_to_the_primary_site(self):
        self.assertFalse(export.wanted("/en/join/confirm/abc/"))
        self.assertFalse(export.wanted("/en/news/?country=FR"))
        self.assertFalse(export.wanted("/admin/"))
        self.assertTrue(export.wanted("/en/news/?page=3"))
        self.assertTrue(export.wanted("/static/css/site.css"))
