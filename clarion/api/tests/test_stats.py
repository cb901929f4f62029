from django.test import TestCase


class StatsTestCase(TestCase):
    def test_it_works(self):
        response = self.client.get("/api/v1/stats.json")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(
            set(data),
            {
                "signatures",
                "people",
                "organisations",
                "paper",
                "target",
                "countries",
                "updated_at",
            },
        )
        self.assertEqual(data["target"], 1_000_000)
        self.assertIsInstance(data["countries"], dict)

    def test_it_is_cacheable(self):
        response = self.client.get("/api/v1/stats.json")
        cache_control = response["Cache-Control"]
        self.assertIn("public", cache_control)
        self.assertIn("max-age=", cache_control)
        self.assertIn("stale-while-revalidate=", cache_control)

    def test_it_refuses_post(self):
        response = self.client.post("/api/v1/stats.json")
        self.assertEqual(response.status_code, 405)


class OpenApiTestCase(TestCase):
    def test_it_describes_stats(self):
        data = self.client.get("/api/v1/openapi.json").json()
        self.assertTrue(data["openapi"].startswith("3."))
        self.assertIn("/stats.json", data["paths"])


class FastPathTestCase(TestCase):
    def call(self, app, path="/api/v1/stats.json", method="GET"):
        seen = {}

        def start_response(status, headers):
            seen["status"], seen["headers"] = status, dict(headers)

        body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": method}, start_response))
        return seen, body

    def test_it_answers_from_the_cached_body_without_django(self):
        from django.core.cache import cache

        from clarion.api.fastpath import BODY_KEY, StatsFastPath

        cache.delete(BODY_KEY)
        django_calls = []

        def django_app(environ, start_response):
            django_calls.append(environ["PATH_INFO"])
            start_response("200 OK", [])
            return [b"from django"]

        app = StatsFastPath(django_app)
        _seen, body = self.call(app)
        self.assertEqual(body, b"from django")  # nothing cached yet: Django renders
        self.client.get("/api/v1/stats.json")  # the view stores the body
        seen, body = self.call(app)
        self.assertEqual(seen["status"], "200 OK")
        self.assertIn("stale-while-revalidate", seen["headers"]["Cache-Control"])
        self.assertIn(b'"signatures"', body)
        self.assertEqual(django_calls, ["/api/v1/stats.json"])
        self.assertEqual(self.call(app, path="/en/")[1], b"from django")
