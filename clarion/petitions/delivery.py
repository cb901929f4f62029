"""The delivery engine: rows to deliver, a dispatcher that drips them out within
each target's office hours and daily cap, and one attempt per claimed row.

A row is claimed by a conditional update that bumps `attempts`; the task
carries that number, so a late or duplicate task finds a different number and
does nothing. Rows left "sending" by a worker that died are put back after
STALLED_MINUTES (at-least-once for the one message that was in flight; its
Message-ID stays the same, so a receiving server can drop the copy).
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from clarion.petitions.models import Attempt, Delivery, Petition, Signer, Target

log = logging.getLogger(__name__)
BATCH = 50
STALLED_MINUTES = 15


class TemporaryFailure(Exception):
    """Try again later: timeouts, 4xx SMTP replies, 5xx from a gateway."""


class PermanentFailure(Exception):
    """Do not try again: refused recipient, broken number or address."""

    def __init__(self, message, bounced=False):
        super().__init__(message)
        self.bounced = bounced


def backoff(attempt):
    """1 min, 2 min, 4 min … capped at six hours."""
    return datetime.timedelta(seconds=min(6 * 3600, 60 * 2 ** max(0, attempt - 1)))


def queue_messages(petition, signers):
    """Per-signature mode: one row per signer and target that has an email or
    fax. One INSERT … SELECT per target and chunk of signers, skipping keys
    that exist, so this is fast for many signers and safe to run again."""
    targets = [t for t in petition.targets.all() if t.electronic_channel]
    ids = [signer.pk for signer in signers]
    if not targets or not ids:
        return 0
    q = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(q(c) for c in MESSAGE_COLUMNS)
    inserted = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            for target in targets:
                cursor.execute(
                    f"INSERT INTO {q(Delivery._meta.db_table)} ({columns}) "
                    "SELECT CAST(%s AS TEXT) || CAST(id AS TEXT) || CAST(%s AS TEXT), "
                    "%s, %s, id, %s, %s, %s, %s, 0, %s, %s, '', '' "
                    f"FROM {q(Signer._meta.db_table)} WHERE id IN ({marks}) "
                    f"ON CONFLICT ({q('key')}) DO NOTHING",
                    [f"msg:{petition.pk}:", f":{target.pk}", petition.pk, target.pk,
                     Delivery.MESSAGE, target.electronic_channel, Delivery.QUEUED,
                     petition.test_mode, now, now, *chunk],
                )  # fmt: skip
                inserted += max(cursor.rowcount, 0)
    return inserted


CHUNK = 5000
MESSAGE_COLUMNS = [
    "key", "petition_id", "target_id", "signer_id", "kind", "channel", "status", "test",
    "attempts", "not_before", "created_at", "provider_id", "last_error",
]  # fmt: skip


def queue_digests(petition, day, kind=Delivery.DIGEST, label=None):
    """Digest mode (and progress reports): one row per target and date."""
    rows = []
    for target in petition.targets.all():
        channel = target.electronic_channel or Delivery.POST
        rows.append(
            Delivery(
                key=f"{kind}:{petition.pk}:{target.pk}:{label or day.isoformat()}",
                petition=petition,
                target=target,
                kind=kind,
                channel=channel,
                test=petition.test_mode,
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def room_today(target, now):
    """How many more real messages this target may get today (its local day)."""
    if not target.daily_cap:
        return BATCH
    mine = Delivery.objects.filter(target=target, test=False)
    sent = mine.filter(sent_at__gte=target.local_day_start(now)).count()
    in_flight = mine.filter(status=Delivery.SENDING).count()
    return max(0, target.daily_cap - sent - in_flight)


def dispatch(now=None):
    """Worker job: claim due rows, target by target, and enqueue their sending.
    Test rows ignore office hours and caps, so a test run finishes quickly.
    Rows for post are not sent: staff hand the package over (see the report);
    in a test run their summary goes to the test inbox instead."""
    from clarion.petitions.tasks import deliver

    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.QUEUED, not_before__lte=now).exclude(
        channel=Delivery.POST, test=False
    )
    claimed = 0
    for target in Target.objects.filter(pk__in=due.values("target_id").distinct()):
        for test in (True, False):
            if not test and not target.office_open(now):
                continue
            room = BATCH if test else min(BATCH, room_today(target, now))
            rows = due.filter(target=target, test=test).order_by("not_before", "pk")
            with transaction.atomic():  # one commit per batch; each row claimed on its own
                for pk in rows.values_list("pk", flat=True)[:room]:
                    if Delivery.objects.filter(pk=pk, status=Delivery.QUEUED).update(
                        status=Delivery.SENDING, claimed_at=now, attempts=F("attempts") + 1
                    ):
                        attempt = Delivery.objects.values_list("attempts", flat=True).get(pk=pk)
                        deliver.enqueue(pk, attempt)
                        claimed += 1
    return claimed


def attempt(delivery_id, number):
    """Send one claimed row once; log the attempt; retry later or give up."""
    from clarion.petitions import channels

    delivery = (
        Delivery.objects.select_related("petition", "target", "signer__signature")
        .filter(pk=delivery_id, status=Delivery.SENDING, attempts=number)
        .first()
    )
    if delivery is None:
        return "skipped"
    try:
        provider_id = channels.send(delivery)
    except PermanentFailure as error:
        status = Delivery.BOUNCED if error.bounced else Delivery.FAILED
        return _finish(delivery, status, error=str(error))
    except TemporaryFailure as error:
        return _retry(delivery, str(error))
    return _finish(delivery, Delivery.SENT, provider_id=provider_id or "")


def _finish(delivery, status, provider_id="", error=""):
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status,
            provider_id=provider_id[:200],
            last_error=error[:500],
            sent_at=now if status == Delivery.SENT else None,
        )
        _log(delivery, status, provider_id, error)
    if status != Delivery.SENT:
        log.warning("delivery %s %s: %s", delivery.key, status, error)
    return status


def _retry(delivery, error):
    if delivery.attempts >= settings.PETITIONS_MAX_ATTEMPTS:
        return _finish(delivery, Delivery.FAILED, error=f"gave up: {error}")
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.QUEUED,
            last_error=error[:500],
            not_before=timezone.now() + backoff(delivery.attempts),
        )
        _log(delivery, "retry", "", error)
    return "retry"


def _log(delivery, status, provider_id, error):
    Attempt.objects.create(
        delivery=delivery,
        channel=delivery.channel,
        status=status,
        provider_id=provider_id[:200],
        error=error[:500],
    )


def requeue_stalled(now=None):
    """Worker job: rows a dead worker left 'sending' go back to the queue."""
    now = now or timezone.now()
    older = now - datetime.timedelta(minutes=STALLED_MINUTES)
    return Delivery.objects.filter(status=Delivery.SENDING, claimed_at__lt=older).update(
        status=Delivery.QUEUED, not_before=now
    )


def queue_due_digests(today=None):
    """Worker job: digest petitions whose delivery date has come."""
    today = today or timezone.localdate()
    queued = 0
    for petition in Petition.objects.filter(mode=Petition.DIGEST, deliver_on__lte=today):
        queued += queue_digests(petition, petition.deliver_on)
    return queued


def queue_progress_reports():
    """Worker job: a progress report to targets every `progress_every` signatures."""
    queued = 0
    for petition in Petition.objects.filter(progress_every__gt=0):
        count = petition.signer_count()
        reached = count // petition.progress_every * petition.progress_every
        if reached > petition.progress_reported:
            with transaction.atomic():
                if Petition.objects.filter(
                    pk=petition.pk, progress_reported=petition.progress_reported
                ).update(progress_reported=reached):
                    queued += queue_digests(
                        petition, timezone.localdate(), Delivery.PROGRESS, str(reached)
                    )
    return queued


def summary(petition):
    """Per target: delivered / pending / failed counts, for the report page."""
    rows = {}
    counts = (
        Delivery.objects.filter(petition=petition)
        .values_list("target_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for target_id, status, n in counts:
        row = rows.setdefault(target_id, {"sent": 0, "pending": 0, "failed": 0})
        if status == Delivery.SENT:
            row["sent"] += n
        elif status in (Delivery.FAILED, Delivery.BOUNCED):
            row["failed"] += n
        else:
            row["pending"] += n
    return [
        (target, rows.get(target.pk, {"sent": 0, "pending": 0, "failed": 0}))
        for target in petition.targets.all()
    ]
