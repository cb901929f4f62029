"""Security review: no input to a public form or query parameter gives a 5xx.

Property-based (hypothesis): odd digits, control characters, very long and
mixed-script values, in every query parameter the public pages read and every
field of the public forms. Examples are few per run (CI runs the suite three
times); hypothesis keeps any failing example in its database to try first.
"""

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from clarion.events.tests.base import make_event

ORIGIN = "http://testserver"
PAGES = ["/en/join/wall/", "/en/image-message/gallery/", "/en/letters/gallery/", "/en/news/",
         "/en/events/", "/en/petitions/", "/api/v1/stats.json"]  # fmt: skip
PARAMETERS = ["before", "year", "country", "language", "type", "when", "month", "from",
              "activity", "featured", "registered", "download", "page"]  # fmt: skip
ODD = st.sampled_from(["²", "①", "١٩٩٢", "-1", "9" * 40, "0x10", "\x00", "..", "%00", "null"])
VALUES = st.one_of(ODD, st.text(max_size=300))
FORMS = {
    "/en/join/": ["kind", "name", "email", "country", "city", "consent", "wants_news",
                  "organisation_type", "website", "contact_person", "show_on_wall"],
    "/en/letters/": ["genre", "title", "language", "text", "author_name", "name_display",
                     "country", "email", "consent"],
    "/en/join/my-data/": ["email"],
    "/en/letters/erase/": ["email"],
    "/en/events/new/": ["type", "title", "description", "date", "start_time", "end_time",
                        "time_zone", "city", "country", "language", "organiser_name",
                        "organiser_email", "consent", "capacity", "latitude", "longitude"],
}  # fmt: skip
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class FuzzTestCase(TestCase):
    @FUZZ
    @given(page=st.sampled_from(PAGES), query=st.dictionaries(st.sampled_from(PARAMETERS), VALUES))
    def test_no_query_gives_a_server_error(self, page, query):
        self.assertLess(self.client.get(page, query).status_code, 500, (page, query))

    @FUZZ
    @given(path=st.sampled_from(sorted(FORMS)), data=st.data())
    def test_no_form_input_gives_a_server_error(self, path, data):
        cache.clear()  # the rate limits would answer 429 before the form is read
        fields = data.draw(st.dictionaries(st.sampled_from(FORMS[path]), VALUES))
        response = self.client.post(path, fields, HTTP_ORIGIN=ORIGIN)
        self.assertLess(response.status_code, 500, (path, fields))

    @FUZZ
    @given(fields=st.dictionaries(st.sampled_from(["name", "email", "consent"]), VALUES))
    def test_no_rsvp_gives_a_server_error(self, fields):
        event = make_event()
        response = self.client.post(f"/en/events/{event.pk}/rsvp/", fields, HTTP_ORIGIN=ORIGIN)
        self.assertLess(response.status_code, 500, fields)
