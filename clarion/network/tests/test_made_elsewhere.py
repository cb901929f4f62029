"""What people or the engine make (a volunteer's offer, a contest entry, a
partner's request, a delivery) has no "Add" in the admin, even for a superuser."""

from django.contrib.auth import get_user_model
from django.test import TestCase

MADE_ELSEWHERE = ["contests/entry", "network/volunteer", "network/schoolclass", "network/partner",
                  "network/message", "network/certificate"]  # fmt: skip


class MadeElsewhereTestCase(TestCase):
    def setUp(self):
        root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        self.client.force_login(root)

    def test_it_offers_no_add_for_what_people_or_the_engine_make(self):
        for snippet in MADE_ELSEWHERE:
            listing = self.client.get(f"/admin/snippets/{snippet}/")
            self.assertEqual(listing.status_code, 200, snippet)
            self.assertNotContains(listing, f"/admin/snippets/{snippet}/add/")
            self.assertNotEqual(self.client.get(f"/admin/snippets/{snippet}/add/").status_code,
                                200, snippet)  # fmt: skip

    def test_staff_still_add_what_they_make_themselves(self):
        listing = self.client.get("/admin/snippets/contests/exhibition/")
        self.assertContains(listing, "/admin/snippets/contests/exhibition/add/")
        self.assertEqual(
            self.client.get("/admin/snippets/contests/exhibition/add/").status_code, 200
        )
