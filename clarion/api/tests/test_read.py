"""Every public list: the schema it promises, paging, ETag, CORS, limits, no personal data."""

import datetime

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from clarion.api.tests.base import ApiTestCase, confirmed_signature
from clarion.events.tests.base import make_event
from clarion.petitions.models import Delivery, Petition, Target

LISTS = ["/petitions", "/events", "/news", "/facts", "/recognition", "/resources"]


class ReadTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.target = Target.objects.create(
            key="t-office", name="Example Office", kind="office", email="office@example.org"
        )
        self.petition = Petition.objects.create(
            slug="recognise",
            title={"en": "Recognise the events", "fr": "Reconnaître les faits"},
            text={"en": "We ask you to act.", "fr": "Nous vous demandons d'agir."},
            mode=Petition.DIGEST,
            deliver_on=datetime.date(2026, 12, 10),
            opens_at=timezone.now() - datetime.timedelta(days=1),
        )
        self.petition.targets.set([self.target])
        self.event = make_event(latitude=52.52, longitude=13.405)

    def test_it_answers_every_list_as_documented(self):
        for path in LISTS + ["/events.geojson", "/statistics/countries", "/stats.json"]:
            with self.subTest(path=path):
                self.get_valid(path)

    def test_it_serves_petitions_with_texts_targets_and_delivery(self):
        Delivery.objects.create(
            key="d1", petition=self.petition, target=self.target, channel="email", status="sent"
        )
        results = self.get_valid("/petitions", "?limit=100")["results"]
        (petition,) = [p for p in results if p["slug"] == "recognise"]
        self.assertEqual(petition["title"]["fr"], "Reconnaître les faits")
        self.assertEqual(petition["targets"][0]["name"], "Example Office")
        self.assertNotIn("email", petition["targets"][0])
        self.assertEqual(petition["delivery"]["sent"], 1)
        self.assertEqual(petition["delivery"]["targets_reached"], 1)
        self.assertTrue(petition["url"].endswith("/en/petitions/recognise/"))

    def test_it_serves_the_pack_records_with_sources(self):
        facts = self.get_valid("/facts", "?limit=200")["results"]
        self.assertTrue(facts)
        self.assertTrue(all(f["figures"][0]["source"]["outlet"] for f in facts if f["figures"]))
        recognition = self.get_valid("/recognition", "?limit=200")
        self.assertTrue(recognition["results"])
        self.assertTrue(all(r["source"]["outlet"] for r in recognition["results"]))
        resources = self.get_valid("/resources", "?kind=book")["results"]
        self.assertTrue(all(r["kind"] == "book" for r in resources))

    def test_it_serves_news_per_language(self):
        english = self.get_valid("/news", "?limit=5")["results"]
        self.assertEqual(len(english), 5)
        self.assertEqual({n["language"] for n in english}, {"en"})
        dates = [n["date"] for n in english]
        self.assertEqual(dates, sorted(dates, reverse=True))
        arabic = self.get_valid("/news", "?lang=ar&limit=1")["results"]
        self.assertIn("/ar/news/", arabic[0]["url"])

    def test_it_filters_events_and_maps_them(self):
        make_event(title="Rally in Lyon", city="Lyon", country="FR")
        germany = self.get_valid("/events", "?country=de")["results"]
        self.assertIn(self.event.pk, [e["id"] for e in germany])
        self.assertEqual({e["country"] for e in germany}, {"DE"})
        geo = self.get_valid("/events.geojson", "?country=DE")
        (feature,) = [f for f in geo["features"] if f["id"] == self.event.pk]
        self.assertEqual(feature["geometry"]["coordinates"], [13.405, 52.52])

    def test_it_keeps_unapproved_events_out(self):
        make_event(title="Waiting for review", status="new")
        titles = [e["title"] for e in self.get_valid("/events")["results"]]
        self.assertNotIn("Waiting for review", titles)

    def test_it_pages_by_cursor_without_repeats(self):
        seen, url = [], "/api/v1/facts?limit=3"
        while url:
            data = self.client.get(url.replace("http://testserver", "")).json()
            seen += [f["key"] for f in data["results"]]
            url = data["next"]
        everything = self.get_valid("/facts", "?limit=200")["results"]
        self.assertEqual(seen, [f["key"] for f in everything])
        self.assertGreater(len(seen), 3)

    def test_it_answers_an_unknown_address_with_a_json_404_not_a_redirect(self):
        for path in ("/api/v1/nope", "/api/v1/petitions/x/", "/api/v2/news", "/api/"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertIn("openapi.json", response.json()["error"])
            self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_it_lists_untranslated_news_without_a_query_per_item(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from wagtail.models import Locale

        from clarion.content.models import NewsItemPage

        first = self.get_valid("/news", "?lang=en&limit=6")["results"]  # on the first page
        english = list(NewsItemPage.objects.filter(pk__in=[item["id"] for item in first]))
        self.assertEqual(len(english), 6, "the test database holds the pack's news")
        russian = Locale.objects.get(language_code="ru")

        def queries_with_aliases(pages):
            for page in pages:
                NewsItemPage.objects.filter(
                    translation_key=page.translation_key, locale=russian
                ).delete()
                page.copy_for_translation(russian, copy_parents=False, alias=True)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                data = self.get_valid("/news", "?lang=ru&limit=50")
            aliases = [item for item in data["results"] if item["text_language"] == "en"]
            return len(queries), len(aliases)

        few, few_aliases = queries_with_aliases(english[:2])
        many, many_aliases = queries_with_aliases(english[2:])
        self.assertEqual((few_aliases, many_aliases), (2, 6))
        self.assertEqual(few, many)

    def test_it_refuses_a_tampered_cursor(self):
        following = self.get_valid("/facts", "?limit=2")["next"]
        tampered = following[:-3] + ("AAA" if not following.endswith("AAA") else "BBB")
        response = self.client.get(tampered.replace("http://testserver", ""))
        self.assertEqual(response.status_code, 400)
        self.assertIn("cursor", response.json()["error"])

    def test_it_refuses_another_lists_cursor(self):
        following = self.get_valid("/facts", "?limit=2")["next"]
        cursor = following.split("cursor=")[1]
        response = self.client.get(f"/api/v1/news?cursor={cursor}")
        self.assertEqual(response.status_code, 400)

    def test_it_refuses_oversized_pages(self):
        for limit in ("201", "0", "-1", "many", "9" * 40):
            with self.subTest(limit=limit):
                response = self.client.get(f"/api/v1/news?limit={limit}")
                self.assertEqual(response.status_code, 400)
                self.assertIn("limit", response.json()["error"])

    def test_it_refuses_bad_filters_clearly(self):
        for query in ("country=XX", "country=france", "from=yesterday", "lang=xx", "type=party"):
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/events?{query}")
                if "lang" in query:
                    response = self.client.get(f"/api/v1/news?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.json()["error"])

    def test_it_answers_304_to_a_known_etag(self):
        first = self.client.get("/api/v1/facts")
        etag = first["ETag"]
        again = self.client.get("/api/v1/facts", headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["ETag"], etag)

    def test_it_allows_reads_from_any_origin(self):
        response = self.client.get("/api/v1/events", headers={"Origin": "https://partner.example"})
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        preflight = self.client.options("/api/v1/events")
        self.assertEqual(preflight.status_code, 204)
        self.assertIn("GET", preflight["Access-Control-Allow-Methods"])

    def test_it_refuses_writes_to_reads(self):
        response = self.client.post("/api/v1/events", {})
        self.assertEqual(response.status_code, 405)
        self.assertIn("GET", response["Allow"])

    @override_settings(API_RATE_LIMIT_PER_MINUTE=3)
    def test_it_limits_reads_per_address(self):
        for _ in range(3):
            self.assertEqual(self.client.get("/api/v1/facts").status_code, 200)
        response = self.client.get("/api/v1/facts")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "60")
        other = self.client.get("/api/v1/facts", REMOTE_ADDR="192.0.2.9")
        self.assertEqual(other.status_code, 200)

    def test_it_serves_a_cached_body_until_it_expires(self):
        before = self.get_valid("/petitions")["results"]
        Petition.objects.create(slug="later", title={"en": "Later"}, text={"en": "Text"})
        self.assertEqual(self.get_valid("/petitions")["results"], before)
        cache.clear()
        self.assertEqual(len(self.get_valid("/petitions")["results"]), len(before) + 1)

    def test_it_shows_no_personal_data(self):
        confirmed_signature("signer.person@example.org", name="Aylin Demir")
        make_event(organiser_name="Jonas Weber", organiser_email="jonas@example.org")
        bodies = b"".join(
            self.client.get(f"/api/v1{path}?limit=200").content
            for path in LISTS + ["/events.geojson", "/statistics/countries"]
        )
        for private in (b"Aylin", b"signer.person", b"Jonas", b"jonas@example.org"):
            self.assertNotIn(private, bodies)

    def test_it_ranks_countries(self):
        confirmed_signature("a@example.org", "FR")
        confirmed_signature("b@example.org", "FR")
        confirmed_signature("c@example.org", "DE")
        ranked = self.get_valid("/statistics/countries")["countries"]
        self.assertEqual(
            ranked, [{"country": "FR", "signatures": 2}, {"country": "DE", "signatures": 1}]
        )


class OpenApiDocumentTestCase(ApiTestCase):
    def test_it_describes_every_route(self):
        import re

        from clarion.api import urls

        document = self.client.get("/api/v1/openapi.json").json()
        routes = {
            re.sub(r"<\w+:(\w+)>", r"{\1}", "/" + str(p.pattern))
            for p in urls.urlpatterns
            if p.name != "api-not-found"  # the catch-all: no route of its own
        }
        self.assertTrue(routes <= set(document["paths"]), routes - set(document["paths"]))

    def test_it_is_valid_openapi(self):
        from jsonschema import Draft202012Validator

        document = self.client.get("/api/v1/openapi.json").json()
        operations = [
            (path, operation) for path, item in document["paths"].items()
            for operation in item.values()
        ]  # fmt: skip
        for path, operation in operations:
            for status, response in operation["responses"].items():
                for content in response.get("content", {}).values():
                    with self.subTest(path=path, status=status):
                        Draft202012Validator.check_schema(content["schema"])
