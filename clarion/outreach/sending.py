"""Sending a newsletter: start (or schedule), pause, resume, cancel, and the
recovery of work a dead worker left behind.

Starting writes one Recipient row per member in ONE INSERT … SELECT (no
member is loaded into Python, so memory does not grow with the segment) and
enqueues batch tasks in the same transaction, spaced so that together they
keep to NEWSLETTER_RATE mails a second whatever the number of workers. Each
batch (clarion.outreach.tasks) claims its recipients a few at a time, so a
pause, an unsubscribe or a suppression counts from the next few mails on.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outreach import compose, segments
from clarion.outreach.models import Newsletter, Recipient

SEND_BATCH = "clarion.outreach.tasks.send_batch"


class SendError(ValueError):
    pass


def count(newsletter, segment):
    return segments.members(segment, newsletter.topic).count()


def schedule(newsletter, segment, when):
    """Send at `when` (the worker starts it, clarion.ops.periodic)."""
    _check(newsletter)
    updated = Newsletter.objects.filter(
        pk=newsletter.pk, status__in=[Newsletter.DRAFT, Newsletter.SCHEDULED]
    ).update(status=Newsletter.SCHEDULED, segment=segment, scheduled_at=when)
    if not updated:
        raise SendError(_("This newsletter is already being sent."))
    newsletter.refresh_from_db()


def start(newsletter, segment=None):
    """Queue the newsletter for every member of the segment, now. Returns how many."""
    _check(newsletter)
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status not in (Newsletter.DRAFT, Newsletter.SCHEDULED):
            raise SendError(_("This newsletter is already being sent."))
        segment = locked.segment if segment is None else segment
        total = _insert_recipients(locked, segments.members(segment, locked.topic))
        now = timezone.now()
        Newsletter.objects.filter(pk=locked.pk).update(
            status=Newsletter.SENDING if total else Newsletter.SENT,
            segment=segment,
            started_at=now,
            finished_at=None if total else now,
            total=total,
            run=locked.run + 1,
        )
        locked.refresh_from_db()
        _enqueue_batches(locked)
    newsletter.refresh_from_db()
    return total


def _check(newsletter):
    blocking = [text for level, text in compose.problems(newsletter) if level == "error"]
    if blocking:
        raise SendError(" ".join(blocking))


def _insert_recipients(newsletter, members):
    sql, params = members.order_by().values_list("pk").query.sql_with_params()
    table = connection.ops.quote_name(Recipient._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (newsletter_id, signature_id, status, attempts, last_error) "
            f"SELECT %s, chosen.*, %s, 0, '' FROM ({sql}) chosen",
            [newsletter.pk, Recipient.QUEUED, *params],
        )
        return cursor.rowcount


def _enqueue_batches(newsletter, start_at=None):
    """Batch tasks over the recipients still queued, spaced to keep the rate."""
    from clarion.outreach.tasks import send_batch

    queued = newsletter.recipients.filter(status=Recipient.QUEUED)
    bounds = queued.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return 0
    size, rate = settings.NEWSLETTER_BATCH, settings.NEWSLETTER_RATE
    start_at = start_at or timezone.now()
    step = datetime.timedelta(seconds=size / rate) if rate else datetime.timedelta(0)
    batches = 0
    for first in range(bounds["first"], bounds["last"] + 1, size):
        when = start_at + step * batches
        send_batch.using(run_after=when).enqueue(
            newsletter.pk, newsletter.run, first, min(first + size - 1, bounds["last"])
        )
        batches += 1
    return batches


def pause(newsletter):
    return _move(newsletter, [Newsletter.SENDING], Newsletter.PAUSED)


def resume(newsletter):
    """Go on where it stopped: the batches of the earlier run end themselves."""
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != Newsletter.PAUSED:
            return False
        locked.status, locked.run = Newsletter.SENDING, locked.run + 1
        locked.save(update_fields=["status", "run"])
        _enqueue_batches(locked)
    newsletter.refresh_from_db()
    return True


def cancel(newsletter):
    """Stop for good: recipients not mailed yet are skipped."""
    with transaction.atomic():
        done = _move(
            newsletter,
            [Newsletter.SCHEDULED, Newsletter.SENDING, Newsletter.PAUSED],
            Newsletter.CANCELLED,
        )
        if done:
            newsletter.recipients.filter(status=Recipient.QUEUED).update(
                status=Recipient.SKIPPED, last_error="cancelled"
            )
    return done


def _move(newsletter, sources, target):
    moved = Newsletter.objects.filter(pk=newsletter.pk, status__in=sources).update(status=target)
    newsletter.refresh_from_db()
    return bool(moved)


def finish_if_done(newsletter_id):
    """The last batch marks the newsletter sent."""
    left = Recipient.objects.filter(
        newsletter_id=newsletter_id, status__in=[Recipient.QUEUED, Recipient.SENDING]
    )
    if not left.exists():
        Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.SENDING).update(
            status=Newsletter.SENT, finished_at=timezone.now()
        )


def start_due(now=None):
    """Start scheduled newsletters whose time has come (every 30 s in the worker)."""
    now = now or timezone.now()
    due = Newsletter.objects.filter(status=Newsletter.SCHEDULED, scheduled_at__lte=now)
    started = 0
    for newsletter in due:
        try:
            start(newsletter)
            started += 1
        except SendError:
            Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.DRAFT)
    return started


def recover(now=None):
    """Work a dead worker left: recipients left 'sending' go back to the queue,
    batch tasks left 'running' are closed, and a newsletter with queued
    recipients but no batch waiting gets its batches again. Sending stays
    once-only: each recipient is claimed with a conditional update."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.MAIL_STALLED_SECONDS)
    Recipient.objects.filter(status=Recipient.SENDING, claimed_at__lt=cutoff).update(
        status=Recipient.QUEUED
    )
    DBTaskResult.objects.filter(
        task_path=SEND_BATCH, status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="clarion.outbox.recovery.WorkerLost",
        traceback="The worker running this task stopped before it finished.",
    )
    waiting = DBTaskResult.objects.filter(
        task_path=SEND_BATCH, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    busy = {(args.get("args") or [None])[0] for args in waiting}
    restarted = 0
    for newsletter in Newsletter.objects.filter(status=Newsletter.SENDING).exclude(pk__in=busy):
        with transaction.atomic():
            locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
            if locked.status != Newsletter.SENDING:
                continue
            locked.run += 1
            locked.save(update_fields=["run"])
            if _enqueue_batches(locked):
                restarted += 1
            else:
                finish_if_done(locked.pk)
    return restarted
