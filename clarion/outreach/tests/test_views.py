"""One-click unsubscribe, preferences, the archive and its feed, the staff pages."""

import re

from django.contrib.auth.models import Permission, User
from django.test import override_settings

from clarion.network.models import Area, Role
from clarion.outreach import compose, milestones, sending, tokens
from clarion.outreach.models import Newsletter, OptOut, Recipient

from .base import OutreachTestCase


class StopTestCase(OutreachTestCase):
    def test_one_click_by_post_stops_the_next_send(self):
        ada = self.member("ada@example.org")
        sending.start(self.newsletter(), {})
        self.run_batches()
        [(_rcpt, mail)] = self.inbox.messages
        url = re.sub(r"\s+", "", mail["List-Unsubscribe"])[1:-1].replace("http://testserver", "")
        # What a mail client does for RFC 8058: a POST without cookies or CSRF token.
        response = self.client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(OptOut.objects.filter(signature=ada, topic="news").exists())
        second = self.newsletter()
        self.assertEqual(sending.start(second, {}), 0)
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 1)

    def test_the_link_shows_a_button_and_choices_first(self):
        ada = self.member("ada@example.org")
        url = f"/fr/newsletter/stop/news/{tokens.make(ada.pk)}/"
        response = self.client.get(url)
        self.assertContains(response, 'method="post"')
        self.assertFalse(OptOut.objects.exists())
        response = self.client.post(url, {"preferences": "1", "topics": ["invitations"]})
        self.assertContains(response, "Vos choix sont enregistrés.")
        self.assertEqual(list(OptOut.objects.values_list("topic", flat=True)), ["news"])
        self.client.post(url, {"preferences": "1", "topics": ["news", "invitations"]})
        self.assertFalse(OptOut.objects.exists())

    def test_it_refuses_a_bad_link_or_topic(self):
        ada = self.member("ada@example.org")
        self.assertEqual(self.client.post("/en/newsletter/stop/news/1.abc.xyz/").status_code, 400)
        url = f"/en/newsletter/stop/spam/{tokens.make(ada.pk)}/"
        self.assertEqual(self.client.post(url).status_code, 400)
        self.assertFalse(OptOut.objects.exists())


class ArchiveTestCase(OutreachTestCase):
    smtp = False

    def test_the_archive_shows_the_web_version_without_personal_links(self):
        self.member("ada@example.org")
        newsletter = self.newsletter()
        hidden = self.newsletter(in_archive=False)
        Newsletter.objects.filter(pk__in=[newsletter.pk, hidden.pk]).update(status=Newsletter.SENT)
        response = self.client.get("/ru/newsletter/")
        self.assertContains(response, "Новости кампании")
        self.assertContains(response, f'href="/ru/newsletter/{newsletter.pk}/"', count=1)
        self.assertNotContains(response, f'href="/ru/newsletter/{hidden.pk}/"')
        page = self.client.get(f"/ru/newsletter/{newsletter.pk}/")
        self.assertContains(page, "Мы провели 12 мероприятий.")
        self.assertNotContains(page, "/newsletter/stop/")
        german = self.client.get(f"/de/newsletter/{newsletter.pk}/")
        self.assertContains(german, "noch nicht in Ihrer Sprache")
        feed = self.client.get("/en/newsletter/feed/")
        self.assertEqual(feed.status_code, 200)
        self.assertIn(b"<feed", feed.content)
        self.assertIn(b"Campaign news", feed.content)

    def test_a_newsletter_not_sent_is_not_shown(self):
        newsletter = self.newsletter()
        self.assertEqual(self.client.get(f"/en/newsletter/{newsletter.pk}/").status_code, 404)


class StaffTestCase(OutreachTestCase):
    smtp = False

    def test_it_lets_a_browser_post_count_and_send_without_a_time(self):
        import re

        self.staff()
        page = self.client.get(f"/admin/newsletters/{self.newsletter().pk}/send/").content.decode()
        forms = re.findall(r"<form.*?</form>", page, re.S)
        (buttons,) = [form for form in forms if 'value="count"' in form]
        self.assertIn('value="send"', buttons)
        self.assertIsNone(re.search(r"<(input|select|textarea)[^>]*\srequired", buttons))

    def test_it_names_the_languages_of_the_versions(self):
        self.staff()
        page = self.client.get(f"/admin/newsletters/{self.newsletter().pk}/send/")
        self.assertContains(page, '<option value="ru">Russian</option>', html=True)
        self.assertContains(page, "<td>Arabic</td>", html=True)

    def test_staff_count_then_send(self):
        self.staff()
        self.member("a@example.org", "ru", "AZ")
        self.member("b@example.org", "en", "TR")
        newsletter = self.newsletter()
        url = f"/admin/newsletters/{newsletter.pk}/send/"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"action": "count", "countries": "az"})
        self.assertContains(response, "<strong>1 member</strong>")
        response = self.client.post(url, {"action": "send", "countries": "AZ"})
        self.assertEqual(response.status_code, 302)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, Newsletter.SENDING)
        self.assertEqual(list(Recipient.objects.values_list("signature__email", flat=True)),
                         ["a@example.org"])  # fmt: skip
        preview = self.client.get(f"/admin/newsletters/{newsletter.pk}/preview/ar/")
        self.assertContains(preview, 'dir="rtl"')

    def test_staff_write_a_newsletter_with_its_versions(self):
        self.staff()
        url = "/admin/snippets/outreach/newsletter/add/"
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "title": "November", "kind": "newsletter", "in_archive": "on",
            "versions-TOTAL_FORMS": "2", "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "1", "versions-MAX_NUM_FORMS": "1000",
            "versions-0-language": "en", "versions-0-subject": "News",
            "versions-0-body": "Hello.", "versions-0-reviewed": "on", "versions-0-ORDER": "1",
            "versions-1-language": "fr", "versions-1-subject": "Nouvelles",
            "versions-1-body": "Bonjour.", "versions-1-machine_made": "on",
            "versions-1-ORDER": "2",
        }  # fmt: skip
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        newsletter = Newsletter.objects.get(title="November")
        self.assertEqual(newsletter.versions.count(), 2)
        self.assertFalse(newsletter.versions.get(language="fr").sendable(newsletter))
        listing = self.client.get("/admin/snippets/outreach/newsletter/")
        self.assertContains(listing, f"/admin/newsletters/{newsletter.pk}/send/")

    def test_a_coordinator_can_only_send_to_their_area(self):
        user = User.objects.create_user("coord", "coord@example.org", "pw", is_staff=True)
        for codename in ("access_admin", "send_newsletter"):
            user.user_permissions.add(Permission.objects.get(codename=codename))
        azerbaijan = Area.objects.create(level=Area.COUNTRY, name="Azerbaijan", countries="AZ")
        Role.objects.create(user=user, area=azerbaijan)
        self.client.force_login(user)
        self.member("a@example.org", "en", "AZ")
        self.member("b@example.org", "en", "TR")
        newsletter = self.newsletter()
        url = f"/admin/newsletters/{newsletter.pk}/send/"
        response = self.client.post(url, {"action": "send", "countries": "TR"})
        self.assertContains(response, "only send to your area", status_code=400)
        self.client.post(url, {"action": "send"})  # no country: their area
        self.assertEqual(list(Recipient.objects.values_list("signature__country", flat=True)),
                         ["AZ"])  # fmt: skip

    def test_someone_without_the_permission_cannot_send(self):
        user = User.objects.create_user("editor", "e@example.org", "pw", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(user)
        newsletter = self.newsletter()
        response = self.client.post(f"/admin/newsletters/{newsletter.pk}/send/", {"action": "send"})
        self.assertEqual(response.status_code, 403)


class MilestoneTestCase(OutreachTestCase):
    smtp = False

    @override_settings(
        MILESTONE_STEP=10_000, MILESTONE_SWITCH=100_000, MILESTONE_LARGE_STEP=100_000
    )
    def test_it_finds_the_last_milestone(self):
        self.assertIsNone(milestones.last_passed(9_999))
        self.assertEqual(milestones.last_passed(10_000), 10_000)
        self.assertEqual(milestones.last_passed(99_999), 90_000)
        self.assertEqual(milestones.last_passed(120_000), 100_000)
        self.assertEqual(milestones.last_passed(250_500), 200_000)

    @override_settings(MILESTONE_STEP=1, MILESTONE_SWITCH=100, MILESTONE_LARGE_STEP=100)
    def test_it_drafts_each_milestone_once_in_eight_languages(self):
        from clarion.supporters import counting

        for n in range(3):
            counting.record(self.member(f"m{n}@example.org"), +1)
        draft = milestones.draft_due()
        self.assertIsNotNone(draft)
        self.assertEqual(draft.versions.count(), 8)
        self.assertIsNone(milestones.draft_due())
        english = draft.version_for("en")
        self.assertIn("3", english.subject)
        self.assertFalse(draft.version_for("ru").sendable(draft))  # machine-made: held
        self.assertEqual(compose.problems(draft)[0][0], "warning")
