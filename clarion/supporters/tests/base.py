from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.api.fastpath import BODY_KEY
from clarion.outbox.models import Mail
from clarion.supporters import counting
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"


@override_settings(SITE_URL=ORIGIN)
class SupportersTestCase(TestCase):
    """The pack is loaded (conftest.py); these helpers sign like a browser does."""

    def setUp(self):
        super().setUp()
        cache.clear()  # rate counters and cached totals from earlier tests

    def sign(self, lang="en", **fields):
        data = {
            "kind": "person",
            "name": "Aylin Demir",
            "email": "aylin@example.org",
            "country": "TR",
            "consent": "on",
        }
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return self.client.post(f"/{lang}/join/", data, HTTP_ORIGIN=ORIGIN)

    def confirmed(self, **fields):
        self.assertEqual(self.sign(**fields).status_code, 303)
        email = fields.get("email", "aylin@example.org")
        signature = Signature.objects.get(email=email)
        Signature.objects.filter(pk=signature.pk).update(
            status=Signature.CONFIRMED, confirmed_at=timezone.now()
        )
        signature.refresh_from_db()
        if signature.counts:
            counting.record(signature, +1)
        return signature

    def confirm_url(self, signature):
        mail = Mail.objects.filter(key__startswith=f"sig:{signature.pk}:confirm").latest("pk")
        links = [word for word in mail.body.split() if word.startswith("http")]
        self.assertEqual(len(links), 1, mail.body)
        return links[0].replace(ORIGIN, "")

    def stats(self):
        """The public numbers once the cache has expired (as after STATS_CACHE_SECONDS)."""
        cache.delete_many([counting.CACHE_KEY, BODY_KEY])
        return self.client.get("/api/v1/stats.json").json()
