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


class HealthzTestCase(TestCase):
    def test_it_works(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "ok")
        self.assertIn("no-cache", response["Cache-Control"])
