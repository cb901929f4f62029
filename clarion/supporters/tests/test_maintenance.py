import datetime

from django.test import override_settings
from django.utils import timezone

from clarion.outbox.models import Mail
from clarion.supporters import maintenance
from clarion.supporters.models import DataRequest, Signature

from .base import SupportersTestCase


def age(signature, **delta):
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - datetime.timedelta(**delta)
    )


class MaintenanceTestCase(SupportersTestCase):
    def test_it_reminds_unconfirmed_signers_once(self):
        self.sign()
        signature = Signature.objects.get()
        age(signature, hours=80)
        maintenance.run()
        maintenance.run()
        reminders = Mail.objects.filter(key=f"sig:{signature.pk}:reminder")
        self.assertEqual(reminders.count(), 1)
        self.assertIn("/en/join/confirm/", reminders.get().body)

    def test_it_erases_unconfirmed_signatures_after_the_period(self):
        self.sign()
        self.confirmed(email="kept@example.org")
        age(Signature.objects.get(email="aylin@example.org"), days=31)
        self.assertEqual(maintenance.run()["expired"], 1)
        self.assertEqual(
            list(Signature.objects.values_list("email", flat=True)), ["kept@example.org"]
        )
        self.assertFalse(Mail.objects.filter(to="aylin@example.org").exists())

    @override_settings(SIGNATURE_ANONYMISE_DAYS=365)
    def test_anonymisation_keeps_the_counts(self):
        signature = self.confirmed(show_on_wall="on")
        age(signature, days=400)
        self.assertEqual(maintenance.run()["anonymised"], 1)
        signature.refresh_from_db()
        self.assertEqual((signature.name, signature.email), ("", ""))
        self.assertEqual(signature.country, "TR")
        self.assertEqual(self.stats()["signatures"], 1)

    def test_it_deletes_data_requests_once_their_links_expire(self):
        for email, days in (("old@example.org", 8), ("new@example.org", 6)):
            made = timezone.now() - datetime.timedelta(days=days)
            DataRequest.objects.create(email_canonical=email, created_at=made)
        self.assertEqual(maintenance.run()["data_requests_expired"], 1)
        self.assertEqual(
            list(DataRequest.objects.values_list("email_canonical", flat=True)), ["new@example.org"]
        )
