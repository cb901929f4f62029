import threading

from django.core.cache import cache
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.supporters import signing
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"


def form(email):
    return {"kind": "person", "name": "Group Commit", "email": email, "country": "AZ",
            "consent": "on"}  # fmt: skip


@override_settings(SITE_URL=ORIGIN, SIGNATURE_GROUP_COMMIT=True, RATE_LIMIT_IP_PER_HOUR=1000)
class GroupCommitTestCase(TransactionTestCase):
    """Concurrent sign requests share transactions, and each gets its own answer."""

    def submit_all(self, emails):
        barrier = threading.Barrier(len(emails))
        codes = []

        def submit(email):
            client = Client()
            barrier.wait()
            codes.append(client.post("/en/join/", form(email), HTTP_ORIGIN=ORIGIN).status_code)
            connection.close()

        threads = [threading.Thread(target=submit, args=(e,)) for e in emails]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return codes

    def test_every_accepted_answer_has_its_row_and_one_mail(self):
        distinct = [f"person{n}@example.org" for n in range(10)]
        same = ["Same.Person+x@gmail.com", "sameperson@gmail.com", "same.person@googlemail.com"]
        codes = self.submit_all(distinct + same)
        self.assertEqual(codes, [303] * 13)
        self.assertEqual(Signature.objects.count(), 11)
        self.assertEqual(
            Signature.objects.filter(email_canonical="sameperson@gmail.com").count(), 1
        )
        first_mails = Mail.objects.filter(key__endswith=":confirm")
        self.assertEqual(first_mails.count(), 11)
        self.assertEqual(
            sorted(first_mails.values_list("key", flat=True)),
            sorted(f"sig:{pk}:confirm" for pk in Signature.objects.values_list("pk", flat=True)),
        )
        batched = DBTaskResult.objects.filter(task_path="clarion.outbox.tasks.send_mail_batch")
        queued = sorted(pk for task in batched for pk in task.args_kwargs["args"][0])
        self.assertEqual(queued, sorted(first_mails.values_list("pk", flat=True)))

    @override_settings(RATE_LIMIT_IP_PER_HOUR=4)
    def test_a_batch_is_judged_as_its_signatures_came_one_after_another(self):
        cache.clear()
        codes = self.submit_all([f"flood{n}@example.org" for n in range(7)])
        self.assertEqual(codes, [303] * 7)  # quiet quarantine: everybody is thanked
        self.assertEqual(Signature.objects.filter(quarantined=False).count(), 4)
        self.assertEqual(
            set(
                Signature.objects.filter(quarantined=True).values_list(
                    "quarantine_reason", flat=True
                )
            ),
            {"ip-rate"},
        )

    def test_a_batch_skips_mailboxes_that_signed_before_or_twice(self):
        def prepared(email):
            return signing.prepare(form(email), language="en", ip_hash="", consent_text="Yes",
                                   news_text="News")  # fmt: skip

        self.assertEqual(signing.store([prepared("old@example.org")]), [True])
        batch = [prepared(e) for e in ("new@example.org", "OLD@example.org", "New@Example.org")]
        self.assertEqual(signing.store(batch), [True, False, False])
        self.assertIsNotNone(batch[0].pk)
        self.assertEqual(Signature.objects.count(), 2)
        self.assertEqual(Mail.objects.count(), 2)
