import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.petitions import signing, tokens
from clarion.petitions.models import Petition, Target
from clarion.supporters.models import Signature
from clarion.tests.clock import next_weekday_at

ORIGIN = "http://testserver"
# The next Wednesday, 10:00 UTC, after the tests' "now": offices in UTC are open,
# and every row a test creates is due by then.
OFFICE_TIME = next_weekday_at(2, 10)


@override_settings(SITE_URL=ORIGIN, PETITIONS_TEST_INBOX="inbox@test.example")
class PetitionTestCase(TestCase):
    """Targets with made-up addresses on reserved example domains only."""

    def setUp(self):
        super().setUp()
        cache.clear()
        self.mail_target = Target.objects.create(
            key="t-mail", name="Mail Office", kind="office", email="office@example.org",
            languages=["fr", "en"], daily_cap=3,
        )  # fmt: skip
        self.fax_target = Target.objects.create(
            key="t-fax", name="Fax Office", kind="office", fax="+15555550100", languages=["en"]
        )
        self.hand_target = Target.objects.get(key="pace")  # from the pack: no channel
        self.petition = self.make_petition()

    def make_petition(self, slug="recognise", **fields):
        values = {
            "slug": slug,
            "title": {"en": "Recognise the events", "fr": "Reconnaître les faits"},
            "text": {"en": "We ask you to act.\nSecond paragraph.", "fr": "Nous vous demandons."},
            "mode": Petition.PER_SIGNATURE,
            "test_mode": False,
            "opens_at": timezone.now() - datetime.timedelta(days=1),
        }
        petition = Petition.objects.create(**(values | fields))
        petition.targets.set([self.mail_target, self.fax_target, self.hand_target])
        return petition

    def member(self, email="member@example.org", name="Leyla Mammadova", country="AZ"):
        return Signature.objects.create(
            name=name, email=email, email_canonical=email, country=country,
            status=Signature.CONFIRMED, confirmed_at=timezone.now(), language="en",
        )  # fmt: skip

    def remember(self, signature):
        token = tokens.make(signature.pk, tokens.MEMBER)
        url = f"/en/petitions/{self.petition.slug}/me/{token}/"
        self.assertNotIn(signing.COOKIE, self.client.get(url).cookies)  # a GET remembers no one
        response = self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        return response

    def post(self, data, slug=None, lang="en"):
        slug = slug or self.petition.slug
        return self.client.post(f"/{lang}/petitions/{slug}/", data, HTTP_ORIGIN=ORIGIN)

    def newcomer(self, **fields):
        data = {
            "action": "sign",
            "name": "Aylin Demir",
            "email": "aylin@example.org",
            "country": "TR",
            "consent": "on",
        }
        return self.post(data | fields)
