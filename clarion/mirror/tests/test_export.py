import functools
import http.server
import io
import re
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from clarion.mirror import export

SITE = "https://primary.example"


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["primary.example", "testserver"])
class ExportMirrorTestCase(TestCase):
    """One export of the whole default site, checked from several sides."""

    @classmethod
    def setUpTestData(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name) / "copy"
        with override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["primary.example"]):
            call_command("export_mirror", str(cls.root), "--no-progress",
                         "--contact", "copy@example.org", stdout=io.StringIO())  # fmt: skip

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def read(self, name):
        return (self.root / name).read_text()

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

    def test_it_exports_again_incrementally(self):
        exporter = export.Exporter(self.root, contact="copy@example.org")
        result = exporter.run()
        self.assertGreater(result["kept"], 0)
        self.assertTrue((self.root / "en" / "index.html").exists())


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
