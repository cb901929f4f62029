import datetime

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from clarion.outbox.models import Mail
from clarion.petitions import followups, signing
from clarion.petitions.models import Delivery, FollowUp, Reply, Signer

from .base import ORIGIN, PetitionTestCase


class PagesTestCase(PetitionTestCase):
    def test_it_lists_open_and_closed_petitions_on_the_way_page(self):
        self.make_petition("old", title={"en": "An old one"}, closes_at=timezone.now())
        soon = timezone.now() + datetime.timedelta(days=3)
        self.make_petition("future", title={"en": "Not yet"}, opens_at=soon)
        page = self.client.get("/en/petitions/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Recognise the events")
        self.assertContains(page, "Closed petitions")
        self.assertContains(page, "An old one")
        self.assertNotContains(page, "Not yet")
        self.assertEqual(self.client.get("/en/petitions/future/").status_code, 404)
        french = self.client.get("/fr/petitions/")
        self.assertContains(french, "Reconnaître les faits")

    def test_it_shows_manual_delivery_honestly(self):
        page = self.client.get("/en/petitions/recognise/")
        self.assertContains(page, "manual delivery")
        self.assertContains(page, "by email")
        self.assertContains(page, "by fax")

    def test_it_marks_a_test_run(self):
        self.petition.test_mode = True
        self.petition.save()
        self.assertContains(self.client.get("/en/petitions/recognise/"), "Test run")
        self.assertContains(self.client.get("/en/petitions/recognise/report/"), "Test run")

    def test_the_report_counts_deliveries_per_target(self):
        signing.sign_as_member(self.petition, self.member())
        Delivery.objects.filter(channel=Delivery.EMAIL).update(status=Delivery.SENT)
        Delivery.objects.filter(channel=Delivery.FAX).update(status=Delivery.FAILED)
        Reply.objects.create(petition=self.petition, target=self.mail_target,
                             summary="We received it.", published=True)  # fmt: skip
        Reply.objects.create(petition=self.petition, target=self.fax_target,
                             summary="Secret draft", published=False)  # fmt: skip
        page = self.client.get("/en/petitions/recognise/report/")
        rows = dict((t.key, r) for t, r in page.context["rows"])
        self.assertEqual(rows["t-mail"], {"sent": 1, "pending": 0, "failed": 0})
        self.assertEqual(rows["t-fax"], {"sent": 0, "pending": 0, "failed": 1})
        self.assertContains(page, "We received it.")
        self.assertNotContains(page, "Secret draft")

    def test_staff_see_the_detail_and_can_build_a_package(self):
        staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
        self.client.force_login(staff)
        signing.sign_as_member(self.petition, self.member())
        page = self.client.get(f"/admin/petitions/{self.petition.pk}/report/")
        self.assertContains(page, "Delivery report")
        self.assertContains(page, "Mail Office")
        response = self.client.post(
            f"/admin/petitions/{self.petition.pk}/report/",
            {"action": "build", "target": [self.hand_target.pk]},
        )
        self.assertEqual(response.status_code, 302)
        from django_tasks_db.models import DBTaskResult

        self.assertTrue(
            DBTaskResult.objects.filter(task_path="clarion.petitions.tasks.build_package").exists()
        )
        for path in ("petition/", "petition/add/", "target/", f"target/edit/{self.mail_target.pk}/",
                     "reply/add/"):  # fmt: skip
            self.assertEqual(self.client.get(f"/admin/snippets/petitions/{path}").status_code, 200)
        self.assertEqual(self.client.get("/admin/snippets/petitions/delivery/").status_code, 200)
        for name in ("..secret.csv", "notes.txt", "missing.pdf"):
            url = f"/admin/petitions/{self.petition.pk}/package/{name}"
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_strangers_cannot_open_the_staff_detail(self):
        response = self.client.get(f"/admin/petitions/{self.petition.pk}/report/")
        self.assertEqual(response.status_code, 302)  # to the login page


class FollowUpTestCase(PetitionTestCase):
    def test_it_asks_the_campaign_and_the_signers_two_weeks_later(self):
        get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
        signer, _ = signing.sign_as_member(self.petition, self.member())
        sent = timezone.now() - datetime.timedelta(days=15)
        Delivery.objects.filter(channel=Delivery.EMAIL).update(status=Delivery.SENT, sent_at=sent)
        self.assertEqual(followups.ask(timezone.now() - datetime.timedelta(days=2)), 0)
        self.assertEqual(followups.ask(), 2)  # the campaign, then the signer
        self.assertEqual(followups.ask(), 0)
        self.assertEqual(FollowUp.objects.get().target, self.mail_target)
        self.assertTrue(Mail.objects.filter(to="boss@example.org").exists())
        question = Mail.objects.get(key__startswith=f"sig:{signer.signature_id}:petition-reply")
        link = next(w for w in question.body.split() if "/answer/" in w).replace(ORIGIN, "")
        self.assertEqual(self.client.get(link).status_code, 200)
        response = self.client.post(link, {"answer": "maybe"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 400)
        response = self.client.post(link, {"answer": "yes"}, HTTP_ORIGIN=ORIGIN)
        self.assertContains(response, "your answer is recorded")
        signer.refresh_from_db()
        self.assertEqual(signer.answer, "yes")
        self.assertEqual(followups.answers(self.petition), {"yes": 1, "no": 0})
        self.assertEqual(len(mail.outbox), 0)  # queued in the outbox, sent by the worker

    def test_erasing_a_signer_forgets_their_line_and_unsent_messages(self):
        from clarion.supporters import signing as declaration

        member = self.member()
        signing.sign_as_member(self.petition, member, line="Personal words", reply_to_ok=True)
        self.assertEqual(Delivery.objects.count(), 2)
        declaration.erase(member.pk)  # through the personal-data registry, at once
        signer = Signer.objects.get()
        self.assertEqual((signer.line, signer.reply_to_ok), ("", False))
        self.assertFalse(Delivery.objects.exists())

    def test_erasing_a_signer_blanks_our_mails_too(self):
        from clarion.supporters import signing as declaration

        member = self.member()
        self.post({"action": "link", "link-email": member.email})
        declaration.erase(member.pk)
        self.assertEqual(Mail.objects.get().to, "erased@invalid")
        self.assertFalse(Signer.objects.exists())
