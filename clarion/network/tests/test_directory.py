from clarion.network.models import Area, Role
from clarion.outbox.models import Mail

from .base import ORIGIN, NetworkTestCase, area, coordinator


class DirectoryTestCase(NetworkTestCase):
    def setUp(self):
        super().setUp()
        self.france = area(Area.COUNTRY, "France", "FR")
        self.user = coordinator("amelie", self.france)
        hidden = coordinator("hidden", area(Area.COUNTRY, "Germany", "DE"))
        Role.objects.filter(user=hidden).update(listed=False)

    def test_it_lists_the_areas_with_a_coordinator_in_every_language(self):
        for lang in ("en", "ru", "tr", "es", "fr", "ar", "de", "az"):
            response = self.client.get(f"/{lang}/coordinators/")
            self.assertContains(response, f"/{lang}/coordinators/{self.france.pk}/")
            self.assertNotContains(response, "amelie@example.org")
            self.assertNotContains(response, "Germany")

    def test_the_contact_form_mails_the_coordinator_without_showing_the_address(self):
        url = f"/en/coordinators/{self.france.pk}/"
        page = self.client.get(url)
        self.assertNotContains(page, "amelie@example.org")
        data = {
            "name": "Jean Dupont",
            "email": "jean@example.org",
            "message": "We would like to organise an exhibition in Lille.",
            "consent": "on",
        }
        response = self.client.post(url, data, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(
            (response.status_code, response["Location"]), (303, "/en/coordinators/sent/")
        )
        mail = Mail.objects.get(to="amelie@example.org")
        self.assertEqual(mail.headers["Reply-To"], "jean@example.org")
        self.assertIn("exhibition in Lille", mail.body)
        self.client.post(url, data, HTTP_ORIGIN=ORIGIN)  # the same message again
        self.assertEqual(Mail.objects.filter(to="amelie@example.org").count(), 1)

    def test_bad_input_keeps_what_was_typed(self):
        url = f"/en/coordinators/{self.france.pk}/"
        data = {"name": "<b>Jean</b>", "email": "nope", "message": "Hi"}
        response = self.client.post(url, data, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "&lt;b&gt;Jean&lt;/b&gt;", status_code=400)
        self.assertFalse(Mail.objects.exists())

    def test_unlisted_or_unknown_areas_are_404(self):
        hidden = Area.objects.get(name="Germany")
        self.assertEqual(self.client.get(f"/en/coordinators/{hidden.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/en/coordinators/999999/").status_code, 404)
