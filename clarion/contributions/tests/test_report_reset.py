"""Security review, Low: three reports no longer hide an item for ever."""

from django.contrib.auth import get_user_model

from clarion.contributions import moderation
from clarion.contributions.models import Submission

from .base import ContributionsTestCase


class ReportResetTestCase(ContributionsTestCase):
    def test_a_reapproved_item_needs_new_reports_to_be_hidden_again(self):
        item = self.published()[0]
        for n in range(3):
            item.report(f"hash-{n}", "spam")
        item.refresh_from_db()
        self.assertEqual(item.status, Submission.PENDING)
        boss = get_user_model().objects.create_superuser("mod", "mod@example.org", "x")
        moderation.decide(boss, [item.pk], "approve")
        item.refresh_from_db()
        self.assertEqual((item.status, item.report_count), (Submission.APPROVED, 0))
        item.report("hash-new", "spam")
        item.refresh_from_db()
        self.assertEqual(item.status, Submission.APPROVED)
