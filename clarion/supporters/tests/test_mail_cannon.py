"""Security review, finding 7: the site is not a mail cannon."""

from clarion.outbox.models import Mail
from clarion.supporters import signing
from clarion.supporters.models import Signature

from .base import SupportersTestCase


class MailCannonTestCase(SupportersTestCase):
    def test_it_holds_the_mail_of_a_quarantined_signature(self):
        with self.settings(RATE_LIMIT_IP_PER_HOUR=1):
            self.sign(email="first@example.org")
            self.assertEqual(self.sign(email="second@example.org").status_code, 303)
        held = Signature.objects.get(email="second@example.org")
        self.assertTrue(held.quarantined)
        self.assertFalse(Mail.objects.filter(key__startswith=f"sig:{held.pk}:").exists())
        signing.release_quarantine(Signature.objects.filter(pk=held.pk))
        self.assertTrue(Mail.objects.filter(key__startswith=f"sig:{held.pk}:confirm").exists())

    def test_it_does_not_resend_to_a_quarantined_signature(self):
        with self.settings(RATE_LIMIT_IP_PER_HOUR=1, RESEND_MINUTES=0):
            self.sign(email="first@example.org")
            self.sign(email="second@example.org")
            self.sign(email="second@example.org")
        held = Signature.objects.get(email="second@example.org")
        self.assertFalse(Mail.objects.filter(key__startswith=f"sig:{held.pk}:").exists())

    def test_it_refuses_a_link_in_a_name(self):
        for name in ["Win at http://x.example", "Prizes www.casino.example now",
                     "cheap-pills.com", "Visit hxxps://bad.example"]:  # fmt: skip
            with self.subTest(name=name):
                response = self.sign(name=name, email="n@example.org")
                self.assertContains(response, "without web addresses", status_code=400)
        self.assertFalse(Signature.objects.exists())

    def test_it_accepts_names_with_dots(self):
        for n, name in enumerate(["J. R. Smith", "Dr. Aylin Demir", "Mary-Jane O'Neil"]):
            with self.subTest(name=name):
                self.assertEqual(self.sign(name=name, email=f"d{n}@example.org").status_code, 303)
