import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from clarion.contributions.models import Submission, forget_old_drafts
from clarion.contributions.tests.base import ContributionsTestCase, upload
from clarion.outbox.models import Mail


class PrivacyTestCase(ContributionsTestCase):
    def test_it_mails_erase_links_to_someone_who_lost_the_receipt(self):
        self.letter(email="Author@Example.org")
        self.letter(email="author@example.org", title="Second one")
        Mail.objects.all().delete()
        response = self.post("/de/letters/erase/", {"email": "author@EXAMPLE.org"})
        self.assertEqual(response.status_code, 200)
        mail = Mail.objects.get()
        self.assertEqual(mail.body.count("/letters/erase/"), 2)
        self.assertIn("Second one", mail.body)
        self.post("/de/letters/erase/", {"email": "author@example.org"})
        self.assertEqual(Mail.objects.count(), 1)  # at most one an hour

    def test_it_answers_the_same_for_unknown_addresses(self):
        known = self.post("/en/letters/erase/", {"email": "nobody@example.org"})
        self.assertEqual(known.status_code, 200)
        self.assertFalse(Mail.objects.exists())
        response = self.post("/en/letters/erase/", {"email": "not an address"})
        self.assertEqual(response.status_code, 400)

    def test_drafts_nobody_sent_are_erased_after_a_day_with_their_photo(self):
        self.draft_url(self.compose(photo=upload()))
        draft = Submission.objects.get()
        self.letter()
        with self.captureOnCommitCallbacks(execute=True):
            forget_old_drafts(now=timezone.now() + datetime.timedelta(hours=1))
        self.assertTrue(Submission.objects.filter(pk=draft.pk).exists())
        with self.captureOnCommitCallbacks(execute=True):
            forget_old_drafts(now=timezone.now() + datetime.timedelta(hours=25))
        self.assertFalse(Submission.objects.filter(pk=draft.pk).exists())
        self.assertFalse(default_storage.exists(draft.photo))
        self.assertEqual(Submission.objects.count(), 1)  # the letter stays

    def test_erasing_a_signature_erases_the_members_contributions(self):
        from clarion.supporters import signing
        from clarion.supporters.models import Signature

        self.letter(email="member@example.org")
        self.letter(email="someone.else@example.org")
        signature = Signature.objects.create(
            kind="person", name="Sample Member", email="member@example.org",
            email_canonical="member@example.org", country="FR", language="en",
            status=Signature.CONFIRMED,
        )  # fmt: skip
        receipt = Mail.objects.get(to="member@example.org")
        with self.captureOnCommitCallbacks(execute=True):
            signing.erase(signature.pk)
        self.assertEqual(
            list(Submission.objects.values_list("email", flat=True)), ["someone.else@example.org"]
        )
        receipt.refresh_from_db()
        self.assertEqual((receipt.to, receipt.body), ("erased@invalid", ""))
