from clarion.contributions.models import REPORTS_TO_HIDE, Submission
from clarion.contributions.tests.base import ContributionsTestCase
from clarion.contributions.tests.base import upload as an_upload


class GalleryTestCase(ContributionsTestCase):
    def test_it_lists_only_approved_image_messages_with_filters(self):
        self.published("image", image="contributions/a.jpg", country="AZ", title="In Baku")
        self.published("image", image="contributions/b.jpg", country="FR", title="In Paris")
        self.published("image", status="pending", title="Not yet")
        page = self.client.get("/en/image-message/gallery/")
        self.assertContains(page, "In Baku")
        self.assertContains(page, "In Paris")
        self.assertNotContains(page, "Not yet")
        page = self.client.get("/en/image-message/gallery/?country=az")
        self.assertContains(page, "In Baku")
        self.assertNotContains(page, "In Paris")
        self.assertEqual(
            self.client.get("/en/image-message/gallery/?country=ZZ&before=x").status_code, 200
        )

    def test_it_filters_letters_by_type_and_language_and_pages_by_id(self):
        self.published(genre="poem", title="A poem", language="az")
        self.published(genre="essay", title="An essay", n=30)
        page = self.client.get("/en/letters/read/?type=poem")
        self.assertContains(page, "A poem")
        self.assertNotContains(page, "An essay")
        page = self.client.get("/en/letters/read/?language=az")
        self.assertContains(page, "A poem")
        first = self.client.get("/en/letters/read/")
        self.assertEqual(len(first.context["items"]), 24)
        older = first.context["older"]
        second = self.client.get(f"/en/letters/read/?before={older}")
        self.assertEqual(len(second.context["items"]), 7)
        self.assertIsNone(second.context["older"])

    def test_the_share_page_has_an_opengraph_card(self):
        self.letter(drawing=an_upload())
        letter = Submission.objects.get()
        self.assertEqual(self.client.get(f"/en/letters/{letter.pk}/").status_code, 404)  # pending
        Submission.objects.filter(pk=letter.pk).update(status=Submission.APPROVED)
        page = self.client.get(f"/en/letters/{letter.pk}/")
        self.assertContains(page, f'content="http://testserver/media/{letter.card}"')
        self.assertContains(page, '<meta property="og:image:width" content="1200">')
        self.assertContains(page, "Report this")
        self.assertEqual(
            self.client.get(f"/en/image-message/gallery/{letter.pk}/").status_code, 404
        )

    def test_reports_send_an_item_back_to_the_queue(self):
        (item,) = self.published("image", image="contributions/a.jpg")
        url = f"/en/image-message/gallery/{item.pk}/report/"
        for n in range(REPORTS_TO_HIDE):
            response = self.post(url, {"reason": "offensive"}, REMOTE_ADDR=f"198.51.100.{n}")
            self.assertEqual(response.status_code, 303)
            self.post(url, {"reason": "spam"}, REMOTE_ADDR=f"198.51.100.{n}")  # counted once
        item.refresh_from_db()
        self.assertEqual(item.report_count, REPORTS_TO_HIDE)
        self.assertEqual(item.status, Submission.PENDING)
        self.assertIn("reported", item.flags)
        self.assertFalse(item.reports.filter(ip_hash__contains="198.51").exists())

    def test_a_bad_report_gets_a_message(self):
        (item,) = self.published("image", image="contributions/a.jpg")
        response = self.post(f"/en/image-message/gallery/{item.pk}/report/", {"reason": "?"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(item.reports.count(), 0)
