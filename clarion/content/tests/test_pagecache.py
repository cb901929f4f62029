import gzip
import threading
import time
from unittest import mock

from django.core.cache import cache as default_cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from clarion.content import live, pagecache
from clarion.content.models import HomePage
from clarion.supporters.tests.base import SupportersTestCase


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTestCase(SupportersTestCase):
    def setUp(self):
        super().setUp()
        pagecache.cache().clear()
        pagecache.invalidate_all()

    def test_it_serves_the_second_request_from_the_cache(self):
        first = self.client.get("/en/facts/")
        self.assertEqual(first.status_code, 200)
        with self.assertNumQueries(0):
            second = self.client.get("/en/facts/")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.content, first.content)
        self.assertIn("public", second["Cache-Control"])

    def test_it_renders_a_cold_page_once_for_many_visitors_at_once(self):
        """Right after a start (or a change), a crowd asking for the same page
        waits for one render instead of each rendering it."""
        barrier, bodies = threading.Barrier(8), []

        def visit():
            client = Client()
            barrier.wait()
            bodies.append(client.get("/en/facts/").content)
            connection.close()

        with mock.patch.object(pagecache, "store", wraps=pagecache.store) as stored:
            threads = [threading.Thread(target=visit) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(stored.call_count, 1)
        self.assertEqual(len(set(bodies)), 1)
        self.assertIn(b"<html", bodies[0])

    def test_a_process_answers_a_hit_from_its_own_copy_until_the_generation_moves(self):
        first = self.client.get("/en/facts/")
        shared = pagecache.cache()
        with mock.patch.object(shared, "get", wraps=shared.get) as shared_reads:
            self.assertEqual(self.client.get("/en/facts/").content, first.content)
            shared_reads.assert_not_called()  # no copy out of the shared cache
            pagecache.invalidate_all()
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/en/facts/")
        self.assertGreater(len(queries), 0)  # rendered again after the change

    def test_it_warms_the_home_and_menu_pages_of_every_language_at_start(self):
        paths = pagecache.first_paths()
        for path in ("/en/", "/ar/", "/ar/join/", "/az/facts/", "/ru/news/"):
            self.assertIn(path, paths)
        app = pagecache.PageCacheFastPath(get_wsgi_application())
        for signal in (request_started, request_finished):  # as the test client does
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        warmed = pagecache.warm(app)
        self.assertEqual(warmed, len(paths))
        with mock.patch.object(pagecache, "store") as stored:
            response = self.client.get("/ar/join/")  # its live counter is drawn afresh
        stored.assert_not_called()  # but the page is the warmed copy
        self.assertContains(response, 'dir="rtl"', html=False)
        with self.assertNumQueries(0):
            self.client.get("/az/facts/")

    @override_settings(PAGE_CACHE_WARM=False)
    def test_it_warms_nothing_when_told_not_to(self):
        self.assertEqual(pagecache.warm(pagecache.PageCacheFastPath(get_wsgi_application())), 0)
        self.assertEqual(len(pagecache.cache()._cache), 0)

    def test_another_process_sees_an_editors_change_within_a_second(self):
        clock = [1000.0]
        with mock.patch.object(pagecache.time, "monotonic", lambda: clock[0]):
            pagecache.invalidate_all()
            first = self.client.get("/en/facts/")
            path = pagecache.generation_file()  # another process's publish:
            stamp = path.stat().st_mtime_ns + 1_000_000
            pagecache.os.utime(path, ns=(stamp, stamp))
            with self.assertNumQueries(0):  # within the second: still the copy
                self.assertEqual(self.client.get("/en/facts/").content, first.content)
            clock[0] += pagecache.GENERATION_SECONDS
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/en/facts/")
        self.assertGreater(len(queries), 0)

    def test_it_caches_the_sign_page_with_its_form(self):
        self.client.get("/es/join/")
        with self.assertNumQueries(0):
            response = self.client.get("/es/join/")
        self.assertContains(response, 'name="consent"')
        self.assertNotIn("csrfmiddlewaretoken", response.content.decode())

    def test_it_answers_a_conditional_get_with_304(self):
        etag = self.client.get("/fr/news/")["ETag"]
        response = self.client.get("/fr/news/", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        changed = self.client.get("/fr/news/", HTTP_IF_NONE_MATCH='"something-else"')
        self.assertEqual(changed.status_code, 200)

    def test_it_answers_gzip_to_who_asks(self):
        plain = self.client.get("/de/").content
        packed = self.client.get("/de/", HTTP_ACCEPT_ENCODING="gzip, br")
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(packed.content), plain)
        self.assertEqual(packed["Vary"], "Accept-Encoding")

    def test_it_forgets_every_language_when_an_editor_publishes(self):
        for lang in ("en", "ru", "ar"):
            self.client.get(f"/{lang}/")
        home = HomePage.objects.get(locale__language_code="ru")
        home.title = "Новый заголовок главной"
        home.save_revision().publish()
        for lang in ("en", "ru", "ar"):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(f"/{lang}/")
            self.assertGreater(len(queries), 0, f"/{lang}/ was still cached")
        self.assertContains(response, '<html lang="ar"', html=False)
        self.assertContains(self.client.get("/ru/"), "Новый заголовок главной")

    def test_it_forgets_pages_when_one_moves_or_is_unpublished(self):
        self.client.get("/en/resources/")
        Page.objects.get(url_path__endswith="/resources/", locale__language_code="de").unpublish()
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/en/resources/")
        self.assertGreater(len(queries), 0)

    def test_it_keeps_no_junk(self):
        for n in range(20):
            self.assertEqual(self.client.get(f"/en/no-such-page-{n}/").status_code, 404)
        self.client.get("/en/facts/?utm=1")
        self.assertEqual(len(pagecache.cache()._cache), 0)

    def test_it_lets_staff_see_the_live_site(self):
        self.client.get("/en/facts/")
        self.client.cookies["sessionid"] = "anything"
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/en/facts/")
        self.assertGreater(len(queries), 0)  # rendered afresh, not from the cache

    @override_settings(PAGE_CACHE_LIVE_SECONDS=1, STATS_CACHE_SECONDS=1)
    def test_the_counter_in_cached_html_follows_the_real_count(self):
        before = self.client.get("/en/").content
        self.confirmed(email="new.one@example.org")
        self.assertEqual(self.client.get("/en/").content, before)  # cached, within the lag
        time.sleep(1.2)
        default_cache.clear()
        after = self.client.get("/en/")
        self.assertNotEqual(after.content, before)
        stats = self.stats()
        self.assertContains(after, f'<data value="{stats["signatures"]}"')

    def test_it_redraws_only_the_live_parts_when_the_numbers_move(self):
        before = self.client.get("/en/join/")
        self.confirmed(email="counted@example.org")
        default_cache.clear()  # the stats cache: the counter has folded
        with CaptureQueriesContext(connection) as queries:
            after = self.client.get("/en/join/")
        self.assertFalse([q for q in queries if "wagtailcore_page" in q["sql"]])  # not rendered
        self.assertContains(after, f'<data value="{self.stats()["signatures"]}"')
        self.assertNotEqual(after["ETag"], before["ETag"])
        unchanged = self.client.get("/en/join/", HTTP_IF_NONE_MATCH=after["ETag"])
        self.assertEqual(unchanged.status_code, 304)
        # Everything outside the live parts is the page as first rendered.
        outside = live.MARKER.sub("", before.content.decode())
        self.assertEqual(live.MARKER.sub("", after.content.decode()), outside)

    def test_the_wsgi_fast_path_answers_before_django(self):
        warm = self.client.get("/tr/resources/")
        calls = []

        def django_app(environ, start_response):
            calls.append(environ["PATH_INFO"])
            start_response("500 Internal Server Error", [])
            return [b""]

        app = pagecache.PageCacheFastPath(django_app)
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/tr/resources/",
            "QUERY_STRING": "",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
        }
        seen = {}
        body = b"".join(app(environ, lambda status, headers: seen.update(status=status)))
        self.assertEqual(seen["status"], "200 OK")
        self.assertEqual(body, warm.content)
        self.assertEqual(calls, [])
        app(environ | {"PATH_INFO": "/tr/memorial/"}, lambda *a: None)
        self.assertEqual(calls, ["/tr/memorial/"])
