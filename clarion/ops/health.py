"""What /healthz reports: each check gives its figures and whether it is past
its threshold (settings HEALTH_*). One failing check makes the answer 503."""

import datetime
import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

log = logging.getLogger("clarion.ops")


def _age(then, now):
    return None if then is None else round(max(0.0, (now - then).total_seconds()), 1)


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connection.vendor}


def cache():
    from django.core.cache import caches

    key = "clarion:healthz"
    store = caches["default"]
    store.set(key, "1", 30)
    return {"ok": store.get(key) == "1"}


def worker(now):
    """The newest heartbeat of any task worker. A site where no worker ever ran
    (a fresh install, the test client) has none and is not reported stale."""
    from clarion.ops import workers
    from clarion.ops.models import Worker

    beat = workers.last_heartbeat()
    age = _age(beat, now)
    alive = Worker.objects.filter(stopped_at__isnull=True).count()
    return {
        "ok": age is None or age <= settings.HEALTH_WORKER_STALE_SECONDS,
        "last_heartbeat": beat.isoformat() if beat else None,
        "age_seconds": age,
        "workers": alive,
        "threshold_seconds": settings.HEALTH_WORKER_STALE_SECONDS,
    }


def mail(now):
    from clarion.outbox.models import Mail

    waiting = Mail.objects.filter(status__in=[Mail.QUEUED, Mail.SENDING])
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    age = _age(oldest, now)
    hour_ago = now - datetime.timedelta(hours=1)
    failed = Mail.objects.filter(status=Mail.FAILED, claimed_at__gte=hour_ago).count()
    return {
        "ok": (age is None or age <= settings.HEALTH_MAIL_STALE_SECONDS)
        and failed <= settings.HEALTH_FAILED_PER_HOUR,
        "oldest_queued_seconds": age,
        "queued": waiting.count(),
        "failed_last_hour": failed,
        "threshold_seconds": settings.HEALTH_MAIL_STALE_SECONDS,
    }


def newsletters(now):
    """Newsletter mail waits in its own table (clarion.outreach's Recipient, one
    row a member), not in the outbox. For the newsletters being sent: how long
    the oldest mail still to go has waited (since its send started), how many
    wait, and the longest a send has gone without a mail out. A large send at a
    modest NEWSLETTER_RATE takes its time, so only a stalled one fails: mails
    waiting and none gone for HEALTH_MAIL_STALE_SECONDS (a paused send waits
    on purpose and is left out)."""
    from clarion.outreach.models import Newsletter, Recipient

    waiting_states = [Recipient.QUEUED, Recipient.SENDING]
    started, idle, queued = None, None, 0
    for pk, began in Newsletter.objects.filter(status=Newsletter.SENDING).values_list(
        "pk", "started_at"
    ):
        waiting = Recipient.objects.filter(newsletter_id=pk, status__in=waiting_states)
        if not waiting.exists():
            continue
        queued += waiting.count()
        began = began or now
        started = began if started is None else min(started, began)
        last = (
            Recipient.objects.filter(newsletter_id=pk, status=Recipient.SENT)
            .order_by("-claimed_at")
            .values_list("claimed_at", flat=True)
            .first()
        )
        quiet = _age(max(began, last) if last else began, now)
        idle = quiet if idle is None else max(idle, quiet)
    return {
        "ok": idle is None or idle <= settings.HEALTH_MAIL_STALE_SECONDS,
        "oldest_queued_seconds": _age(started, now),
        "queued": queued,
        "idle_seconds": idle,
        "threshold_seconds": settings.HEALTH_MAIL_STALE_SECONDS,
    }


def tasks(now):
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = None
    for enqueued, run_after in ready.order_by("enqueued_at").values_list(
        "enqueued_at", "run_after"
    )[:50]:
        due = max(enqueued, run_after) if run_after.year < 9999 else enqueued
        oldest = due if oldest is None else min(oldest, due)
    age = _age(oldest, now)
    return {
        "ok": age is None or age <= settings.HEALTH_TASK_STALE_SECONDS,
        "oldest_ready_seconds": age,
        "ready": ready.count(),
        "threshold_seconds": settings.HEALTH_TASK_STALE_SECONDS,
    }


def deliveries(now):
    from clarion.petitions.models import Delivery

    hour_ago = now - datetime.timedelta(hours=1)
    failed = Delivery.objects.filter(
        status__in=[Delivery.FAILED, Delivery.BOUNCED], claimed_at__gte=hour_ago
    ).count()
    return {"ok": failed <= settings.HEALTH_FAILED_PER_HOUR, "failed_last_hour": failed}


def disk():
    path = Path(settings.MEDIA_ROOT)  # a str where a deployment or a test sets one
    while not path.exists() and path != path.parent:
        path = path.parent
    usage = shutil.disk_usage(path)
    free_mb = usage.free // (1024 * 1024)
    return {
        "ok": free_mb >= settings.HEALTH_DISK_FREE_MB,
        "free_mb": free_mb,
        "free_percent": round(100 * usage.free / usage.total, 1),
        "threshold_mb": settings.HEALTH_DISK_FREE_MB,
    }


def report():
    """(healthy, the report as a dict). The database first: without it nothing
    else can be read."""
    now = timezone.now()
    checks = {}
    try:
        checks["database"] = database()
    except Exception:  # any database failure means "not healthy"; details only in the log
        log.exception("healthz: the database does not answer")
        return False, {"status": "error", "database": {"ok": False, "error": "unavailable"}}
    for name, check in (
        ("cache", cache),
        ("worker", lambda: worker(now)),
        ("mail", lambda: mail(now)),
        ("newsletters", lambda: newsletters(now)),
        ("tasks", lambda: tasks(now)),
        ("deliveries", lambda: deliveries(now)),
        ("disk", disk),
    ):
        try:
            checks[name] = check()
        except Exception:  # a check that cannot run is a failing check
            log.exception("healthz: the %s check failed", name)
            checks[name] = {"ok": False, "error": "unavailable"}
    healthy = all(check["ok"] for check in checks.values())
    failing = [name for name, check in checks.items() if not check["ok"]]
    return healthy, {"status": "ok" if healthy else "error", "failing": failing, **checks}
