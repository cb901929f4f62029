"""A minor's entry waits for a parent's or guardian's consent, asked by a mail
that goes through a real SMTP server (aiosmtpd) started here; the one
moderation queue then decides what the jury sees."""

import datetime

import time_machine
from django.contrib.auth.models import Permission, User
from django.utils.http import int_to_base36

from clarion.contests import entries, jury
from clarion.contests.models import Entry
from clarion.contributions import moderation
from clarion.contributions.models import Submission
from clarion.contributions.tests.base import ORIGIN, upload
from clarion.network.models import Area, Role
from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail
from clarion.tests.clock import TEST_NOW
from clarion.tests.smtp import start_smtp

from .test_contests import JUDGING, ContestTestCase


def moderator(countries=None):
    """Staff who may use the moderation queue, for the whole world or some countries."""
    user = User.objects.create_user("mod", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_submission"),
        Permission.objects.get(codename="access_admin"),
    )
    level, name = (Area.REGION, "Some") if countries else (Area.GLOBAL, "World")
    area = Area.objects.create(level=level, name=name, countries=countries or "")
    Role.objects.create(user=user, area=area)
    return user


class GuardianTestCase(ContestTestCase):
    def setUp(self):
        super().setUp()
        self.inbox = start_smtp(self)

    def enter_minor(self, lang="en"):
        response = self.enter(
            lang, category=self.young.pk, age="9", title="Pomegranate", display_name="Nur",
            author_name="Nur Hasanova", guardian_name="Leyla Hasanova",
            guardian_email="leyla@example.org",
        )  # fmt: skip
        self.assertEqual(response.status_code, 303)
        return Entry.objects.get()

    def delivered_link(self, to):
        """Send the mail queued for this address over SMTP; the one link that arrived."""
        mail = Mail.objects.get(to=to)
        self.assertEqual(send_mail.call(mail.pk), "sent")
        recipients, message = self.inbox.messages[-1]
        self.assertEqual(recipients, [to])
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        links = [word for word in body.split() if word.startswith("http")]
        self.assertEqual(len(links), 1, body)
        return body, links[0].replace(ORIGIN, "")

    def test_it_mails_the_guardian_and_their_consent_makes_the_entry_eligible(self):
        entry = self.enter_minor()
        body, url = self.delivered_link("leyla@example.org")
        self.assertIn("Pomegranate", body)
        self.assertIn("“Nur”", body)
        self.assertTrue(url.startswith("/en/contests/guardian/"))
        mod = moderator()
        self.assertNotIn(entry.submission, moderation_queue(mod))  # waits for the guardian
        page = self.client.get(url)
        self.assertContains(page, "I agree")
        self.assertContains(page, "Pomegranate")
        self.assertTrue(Entry.objects.get().awaiting_guardian)  # a GET confirms nothing
        response = self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual((response.status_code, response["Location"]), (303, url))
        entry = Entry.objects.get()
        self.assertGreaterEqual(entry.guardian_confirmed_at, TEST_NOW)
        self.assertIn("parent or guardian", entry.guardian_consent_text)
        self.assertEqual(entry.submission.status, Submission.PENDING)
        self.assertContains(self.client.get(url), "you have agreed")
        self.assertIn(entry.submission, moderation_queue(mod))
        self.client.force_login(mod)
        self.client.post("/admin/moderation/", {"id": [entry.submission_id], "action": "approve"})
        self.assertEqual(list(Entry.objects.eligible()), [entry])

    def test_it_mails_the_guardian_in_the_entrys_language(self):
        self.enter_minor("fr")
        body, url = self.delivered_link("leyla@example.org")
        self.assertIn("a envoyé l’œuvre « Pomegranate »", body)
        self.assertIn("L’œuvre ne participe que si vous êtes d’accord", body)
        self.assertEqual(Mail.objects.get(to="leyla@example.org").subject,
                         "Une participation à un concours attend votre accord")  # fmt: skip
        self.assertTrue(url.startswith("/fr/contests/guardian/"))
        self.assertContains(self.client.get(url), "J’accepte")

    def test_a_bad_or_forged_link_is_refused_with_a_clear_message(self):
        entry = self.enter_minor()
        _body, url = self.delivered_link("leyla@example.org")
        token = url.rstrip("/").rsplit("/", 1)[-1]
        pk, made, mac = token.split(".")
        forged = [
            f"{pk}.{made}.{'A' * len(mac)}",  # a made-up signature
            f"{int_to_base36(entry.pk + 1)}.{made}.{mac}",  # another id, this signature
            "not-a-token",
            entries.guardian_token(entry).replace(".", "", 1),
        ]
        for bad in forged:
            response = self.client.post(f"/en/contests/guardian/{bad}/", HTTP_ORIGIN=ORIGIN)
            self.assertContains(response, "This link does not work", status_code=400)
        arabic = self.client.get(f"/ar/contests/guardian/{forged[0]}/")
        self.assertContains(arabic, "هذا الرابط لا يعمل", status_code=400)
        self.assertTrue(Entry.objects.get().awaiting_guardian)

    def test_an_old_link_no_longer_works_and_the_entry_is_erased(self):
        entry = self.enter_minor()
        _body, url = self.delivered_link("leyla@example.org")
        later = TEST_NOW + datetime.timedelta(days=31)
        with self.settings(SIGNATURE_CONFIRM_DAYS=30), time_machine.travel(later, tick=False):
            self.assertEqual(self.client.get(url).status_code, 400)
            self.assertEqual(entries.forget_unconfirmed(), 1)
        self.assertFalse(Entry.objects.exists())
        self.assertFalse(Submission.objects.filter(pk=entry.submission_id).exists())
        guardian_mail = Mail.objects.get(key=f"contribution:{entry.submission_id}:guardian")
        self.assertEqual((guardian_mail.to, guardian_mail.body), (Mail.FORGOTTEN_ADDRESS, ""))


def moderation_queue(user):
    return list(moderation.queue_for(user))


class ModerationQueueTestCase(ContestTestCase):
    """Entries wait in the one moderation queue; what it approves the jury sees."""

    def test_approved_entries_reach_the_jury_and_rejected_ones_do_not(self):
        for title, email in (("Almond tree", "lale@example.org"), ("Night", "ada@example.org")):
            self.assertEqual(self.enter(title=title, email=email, image=upload()).status_code, 303)
        almond, night = Entry.objects.order_by("title")
        self.client.force_login(moderator())
        queue = self.client.get("/admin/moderation/?kind=contest-entry")
        self.assertContains(queue, "Contest entry")
        self.assertContains(queue, "Almond tree")
        self.assertContains(queue, "Art for peace")
        self.assertEqual(list(jury.entries_for(self.contest, None)), [])
        self.client.post("/admin/moderation/", {"id": [almond.submission_id], "action": "approve"})
        self.client.post("/admin/moderation/", {"id": [night.submission_id], "action": "reject",
                                                "reason": "Not the artist's own"})  # fmt: skip
        juror = self.juror("first")
        self.assertEqual(list(jury.entries_for(self.contest, juror)), [almond])
        self.client.force_login(juror.user)
        with time_machine.travel(JUDGING, tick=False):
            page = self.client.get(f"/admin/contests/{self.contest.pk}/jury/")
        self.assertContains(page, "Almond tree")
        self.assertNotContains(page, "Night")

    def test_a_country_moderator_sees_only_their_countries_entries(self):
        self.enter(country="TR")
        self.enter(country="FR", title="Paris", email="p@example.org", image=upload())
        queue = moderation_queue(moderator(countries="TR"))
        self.assertEqual([s.title for s in queue], ["Almond tree"])

    def test_the_entries_admin_says_where_each_entry_stands(self):
        self.enter()
        self.enter(category=self.young.pk, age="9", title="Pomegranate", email="n@example.org",
                   guardian_name="Leyla", guardian_email="leyla@example.org",
                   image=upload())  # fmt: skip
        user = moderator()
        user.user_permissions.add(Permission.objects.get(codename="view_entry"))
        self.client.force_login(User.objects.get(pk=user.pk))
        listing = self.client.get("/admin/snippets/contests/entry/")
        self.assertContains(listing, "Waiting for moderation")
        self.assertContains(listing, "Waiting for the guardian&#x27;s consent")
