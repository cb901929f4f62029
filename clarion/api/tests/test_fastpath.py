"""Cached reads of /api/v1/ are answered before Django's middleware, exactly as
Django answers them: same body, headers and ETag, 304 for a client that has
the body, and each answer counted against the address's limit."""

from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import TestCase, override_settings

from clarion.api.fastpath import StatsFastPath
from clarion.tests.wsgi import call, environ_for

NEWS = {"PATH_INFO": "/api/v1/news", "QUERY_STRING": "limit=3"}


class CachedReadsTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.django_calls = []
        django = get_wsgi_application()

        def counted(environ, start_response):
            self.django_calls.append(environ["PATH_INFO"])
            return django(environ, start_response)

        self.app = StatsFastPath(counted)

    def call(self, **extra):
        return call(self.app, environ_for("GET", "/", **(NEWS | extra)))

    def test_it_answers_a_cached_read_as_django_did(self):
        django_status, django_headers, django_body = self.call()  # renders and caches
        fast_status, fast_headers, fast_body = self.call()
        self.assertEqual(self.django_calls, ["/api/v1/news"])  # the second never reached it
        self.assertEqual((fast_status, fast_body), (django_status, django_body))
        self.assertIn(b'"results"', fast_body)
        self.assertEqual(fast_headers, django_headers)

    def test_it_answers_304_to_a_client_that_has_the_body(self):
        _status, headers, _body = self.call()
        status, again, body = self.call(HTTP_IF_NONE_MATCH=headers["ETag"])
        self.assertEqual((status, body), ("304 Not Modified", b""))
        self.assertEqual(again["ETag"], headers["ETag"])
        self.assertEqual(len(self.django_calls), 1)

    def test_another_query_is_rendered_by_django(self):
        self.call()
        self.call(QUERY_STRING="limit=4")
        self.assertEqual(len(self.django_calls), 2)

    @override_settings(API_RATE_LIMIT_PER_MINUTE=3)
    def test_it_counts_each_answer_against_the_address_limit(self):
        statuses = [self.call()[0][:3] for _ in range(5)]
        self.assertEqual(statuses, ["200", "200", "200", "429", "429"])
        self.assertEqual(self.call(REMOTE_ADDR="198.51.100.7")[0][:3], "200")  # another address

    @override_settings(ALLOWED_HOSTS=["example.org"])
    def test_a_host_django_refuses_is_left_to_django(self):
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            self.call()  # cached
        status, _headers, _body = self.call()
        self.assertEqual(status[:3], "400")
