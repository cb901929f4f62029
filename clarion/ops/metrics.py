"""/metrics in Prometheus's text format, for a scraper that has METRICS_TOKEN.

The figures are read from the database when scraped (a few indexed counts),
except request latency, which each web process measures (RequestLatency
middleware). With several web processes, set PROMETHEUS_MULTIPROC_DIR to an
empty directory shared by them (prometheus_client's multiprocess mode) and
the latency is summed over all of them; without it, a scrape sees the process
that answered it.
"""

import os
import time

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

LATENCY = Histogram(
    "clarion_request_duration_seconds",
    "Time to answer a request, by HTTP method, in this web process.",
    ["method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestLatency:
    """Middleware: every answer's time into LATENCY (cached pages included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in ("GET", "POST", "HEAD") else "other"
        LATENCY.labels(method).observe(time.perf_counter() - began)
        return response


class SiteCollector:
    """What the database says, read at scrape time."""

    def collect(self):
        from django.db.models import Count
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from clarion.ops import health
        from clarion.outbox.models import Mail
        from clarion.supporters.models import Signature

        now = timezone.now()
        signatures = GaugeMetricFamily(
            "clarion_signatures", "Declaration signatures, by status.", labels=["status"]
        )
        for row in Signature.objects.values("status").annotate(n=Count("pk")).order_by():
            signatures.add_metric([row["status"]], row["n"])
        yield signatures
        today = GaugeMetricFamily("clarion_signatures_today", "Signatures made since 00:00 UTC.")
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today.add_metric([], Signature.objects.filter(created_at__gte=midnight).count())
        yield today
        mails = GaugeMetricFamily("clarion_mails", "Mails in the outbox, by status.",
                                  labels=["status"])  # fmt: skip
        for row in Mail.objects.values("status").annotate(n=Count("pk")).order_by():
            mails.add_metric([row["status"]], row["n"])
        yield mails
        tasks = GaugeMetricFamily("clarion_tasks", "Task rows, by status.", labels=["status"])
        for row in DBTaskResult.objects.values("status").annotate(n=Count("pk")).order_by():
            tasks.add_metric([row["status"]], row["n"])
        yield tasks
        worker, mail, queue = health.worker(now), health.mail(now), health.tasks(now)
        letters = health.newsletters(now)
        for name, text, value in (
            ("clarion_worker_heartbeat_age_seconds", "Age of the newest worker heartbeat.",
             worker["age_seconds"]),
            ("clarion_workers_running", "Task workers not known to have stopped.",
             worker["workers"]),
            ("clarion_mail_oldest_queued_seconds", "Age of the oldest mail not yet sent.",
             mail["oldest_queued_seconds"]),
            ("clarion_mails_failed_last_hour", "Mails given up in the last hour.",
             mail["failed_last_hour"]),
            ("clarion_newsletter_oldest_queued_seconds",
             "Wait of the oldest newsletter mail not yet sent (newsletters being sent).",
             letters["oldest_queued_seconds"]),
            ("clarion_newsletter_idle_seconds",
             "Longest time a newsletter being sent has gone without a mail out.",
             letters["idle_seconds"]),
            ("clarion_task_oldest_ready_seconds", "Wait of the oldest task ready to run.",
             queue["oldest_ready_seconds"]),
            ("clarion_tasks_ready", "Tasks ready to run (the queue's depth).", queue["ready"]),
        ):  # fmt: skip
            gauge = GaugeMetricFamily(name, text)
            gauge.add_metric([], -1 if value is None else value)
            yield gauge


def exposition():
    registry = CollectorRegistry()
    registry.register(SiteCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(LATENCY)
    return generate_latest(registry)
