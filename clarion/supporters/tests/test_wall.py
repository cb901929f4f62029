from datetime import timedelta

from django.utils import timezone

from clarion.supporters.models import Signature

from .base import SupportersTestCase


class WallTestCase(SupportersTestCase):
    def test_it_shows_first_names_of_those_who_opted_in(self):
        self.confirmed(name="Aylin Demir", show_on_wall="on")
        self.confirmed(name="Hidden Person", email="hidden@example.org")
        self.sign(name="Pending Person", email="pending@example.org", show_on_wall="on")
        self.confirmed(
            kind="organisation", name="Friends Society", email="org@example.org",
            organisation_type="ngo", contact_person="X", show_on_wall="on",
        )  # fmt: skip
        html = self.client.get("/en/join/wall/").content.decode()
        self.assertIn("Aylin", html)
        self.assertNotIn("Demir", html)
        self.assertNotIn("Hidden", html)
        self.assertNotIn("Pending", html)
        self.assertIn("Friends Society", html)
        self.assertIn("Türkiye", html)

    def test_it_is_newest_first_and_paginated(self):
        for n in range(62):
            Signature.objects.create(
                name=f"Person{n:02d} X", email=f"p{n}@example.org",
                email_canonical=f"p{n}@example.org", country="FR", status="confirmed",
                show_on_wall=True, confirmed_at=timezone.now() - timedelta(minutes=100 - n),
            )  # fmt: skip
        first = self.client.get("/en/join/wall/")
        html = first.content.decode()
        self.assertLess(html.index("Person61"), html.index("Person60"))
        self.assertNotIn("Person01", html)
        older = first.context["older"]
        self.assertIn(f'href="?before={older}"', html)
        second = self.client.get(f"/en/join/wall/?before={older}").content.decode()
        self.assertIn("Person01", second)
        self.assertNotIn("Person61", second)
        self.assertEqual(self.client.get("/en/join/wall/?before=abc").status_code, 200)

    def test_the_country_table_and_map(self):
        self.confirmed(country="AZ")
        html = self.client.get("/en/join/countries/").content.decode()
        self.assertIn("Azerbaijan", html)
        self.assertIn("<svg", html)
        self.assertIn("Azerbaijan: 1", html)
