import datetime

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.ops import workers
from clarion.ops.models import Worker
from clarion.outbox.models import Mail


@override_settings(HEALTH_WORKER_STALE_SECONDS=60, HEALTH_MAIL_STALE_SECONDS=900)
class HealthzTestCase(TestCase):
    def setUp(self):
        # The content pack's index updates, still queued: no worker runs in tests.
        DBTaskResult.objects.all().delete()

    def test_it_is_healthy_on_a_site_where_no_worker_ever_ran(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        report = response.json()
        self.assertEqual(report["status"], "ok")
        self.assertIsNone(report["worker"]["last_heartbeat"])
        self.assertIsNone(report["mail"]["oldest_queued_seconds"])
        self.assertIsNone(report["newsletters"]["oldest_queued_seconds"])
        self.assertTrue(report["database"]["ok"])
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_turns_503_when_the_worker_stops_and_200_when_it_returns(self):
        now = timezone.now()
        workers.register("w1")
        self.addCleanup(workers._current.update, id="")
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        Worker.objects.update(beat_at=now - datetime.timedelta(seconds=61))
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["failing"], ["worker"])
        self.assertGreaterEqual(response.json()["worker"]["age_seconds"], 61)
        workers.beat("w1")
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_it_reports_the_oldest_queued_mail_and_turns_503_when_it_is_stale(self):
        now = timezone.now()
        mail = Mail.queue("health:1", "one@example.org", "Hello", "Text")
        Mail.objects.filter(pk=mail.pk).update(created_at=now - datetime.timedelta(seconds=300))
        report = self.client.get("/healthz").json()
        self.assertAlmostEqual(report["mail"]["oldest_queued_seconds"], 300, delta=5)
        Mail.objects.filter(pk=mail.pk).update(created_at=now - datetime.timedelta(seconds=901))
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertIn("mail", response.json()["failing"])

    def test_it_reports_newsletter_mail_waiting_and_turns_503_when_a_send_stalls(self):
        from clarion.outreach.models import Newsletter, Recipient
        from clarion.supporters.models import Signature

        now = timezone.now()
        ago = lambda seconds: now - datetime.timedelta(seconds=seconds)  # noqa: E731
        signatures = [Signature.objects.create(name="M", email=f"m{n}@example.org",
                                               country="TR", status=Signature.CONFIRMED)
                      for n in range(3)]  # fmt: skip
        sending = Newsletter.objects.create(
            title="October", status=Newsletter.SENDING, started_at=ago(1200)
        )
        paused = Newsletter.objects.create(
            title="Paused", status=Newsletter.PAUSED, started_at=ago(9000)
        )
        sent = Recipient.objects.create(
            newsletter=sending, signature=signatures[0], status=Recipient.SENT, claimed_at=ago(30)
        )
        for signature in signatures[1:]:
            Recipient.objects.create(newsletter=sending, signature=signature)
            Recipient.objects.create(newsletter=paused, signature=signature)
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        report = response.json()["newsletters"]
        self.assertAlmostEqual(report["oldest_queued_seconds"], 1200, delta=5)
        self.assertEqual(report["queued"], 2)  # the paused send's are left out
        self.assertAlmostEqual(report["idle_seconds"], 30, delta=5)
        Recipient.objects.filter(pk=sent.pk).update(claimed_at=ago(901))  # nothing since
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["failing"], ["newsletters"])
        Recipient.objects.filter(newsletter=sending).update(status=Recipient.SENT)
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_it_reports_the_oldest_ready_task(self):
        Mail.queue("health:2", "two@example.org", "Hello", "Text")
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=2))
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["tasks"]["ready"], 1)
        self.assertIn("tasks", response.json()["failing"])

    @override_settings(HEALTH_DISK_FREE_MB=10**12)
    def test_it_turns_503_when_the_media_disk_is_nearly_full(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["failing"], ["disk"])


class MetricsTestCase(TestCase):
    def test_it_refuses_without_its_token(self):
        with override_settings(METRICS_TOKEN="s3cret"):
            self.assertEqual(self.client.get("/metrics").status_code, 401)
            wrong = self.client.get("/metrics", headers={"Authorization": "Bearer nope"})
            self.assertEqual(wrong.status_code, 401)
        with override_settings(METRICS_TOKEN=""):  # none set: nobody gets in
            self.assertEqual(self.client.get("/metrics").status_code, 401)

    @override_settings(METRICS_TOKEN="s3cret")
    def test_it_exposes_the_site_in_prometheus_format(self):
        Mail.queue("metrics:1", "one@example.org", "Hello", "Text")
        self.client.get("/healthz")  # one request timed, at least
        response = self.client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain; version=0.0.4"))
        text = response.content.decode()
        self.assertIn('clarion_mails{status="queued"} 1.0', text)
        self.assertIn("clarion_signatures_today ", text)
        self.assertIn("clarion_tasks_ready ", text)
        self.assertIn("clarion_worker_heartbeat_age_seconds -1.0", text)  # no worker here
        self.assertIn('clarion_request_duration_seconds_count{method="GET"}', text)
