"""Security review, finding 9: one erasure mechanism, complete exports, nothing left."""

from django.utils import timezone

from clarion.contributions import submitting
from clarion.contributions.models import Submission
from clarion.lib import personal_data
from clarion.outbox.models import Mail
from clarion.supporters import signing
from clarion.supporters.models import Signature

from .base import ContributionsTestCase


class ContributionsPersonalDataTestCase(ContributionsTestCase):
    def letter_from(self, email):
        return Submission.objects.create(kind="letter", status=Submission.APPROVED, text="Words.",
                                         language="en", country="FR", email=email,
                                         author_name="Sample Author")  # fmt: skip

    def test_download_my_data_lists_contributions(self):
        self.letter_from("A.Li+x@Gmail.com")
        found = personal_data.export("ali@gmail.com")
        self.assertEqual(found["contributions"][0]["text"], "Words.")

    def test_erase_finds_contributions_by_the_canonical_address(self):
        item = self.letter_from("a.li@googlemail.com")
        self.letter_from("someone-else@example.org")
        personal_data.erase("ali@gmail.com")
        self.assertFalse(Submission.objects.filter(pk=item.pk).exists())
        self.assertEqual(Submission.objects.count(), 1)

    def test_no_address_stays_in_mail_keys(self):
        self.letter_from("ali@example.org")
        submitting.queue_erase_links("ali@example.org", "en", timezone.now())
        self.assertFalse(Mail.objects.filter(key__contains="ali@example.org").exists())
        personal_data.erase("ali@example.org")
        self.assertFalse(Mail.objects.filter(key__contains="ali").exclude(body="").exists())

    def test_erasing_a_signature_erases_contributions_through_the_registry(self):
        item = self.letter_from("ali@example.org")
        signature = Signature.objects.create(
            name="Ali", email="ali@example.org", email_canonical="ali@example.org", country="FR"
        )
        signing.erase(signature.pk)
        self.assertFalse(Submission.objects.filter(pk=item.pk).exists())
