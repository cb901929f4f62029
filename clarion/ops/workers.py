"""Task workers: who is alive, and taking back what a dead one held.

Each worker (manage.py run_worker) writes its row in ops.Worker when it starts
and a heartbeat every WORKER_HEARTBEAT_SECONDS. A worker is dead when its
heartbeat is older than WORKER_DEAD_SECONDS, or at once when it ran on this
machine and its process is gone (kill -9, out of memory): so a worker that the
supervisor (clarion/ops/supervise.py) starts again takes back, as it starts,
the tasks and mails the dead one left, rather than after MAIL_STALLED_SECONDS.

Taking back, for each dead worker:
- the mails its journal says the SMTP server took are marked sent
  (clarion/outbox/journal.py); its mails still "sending" (Mail.claimed_by) are
  queued again, each with a send task (a mail in flight when the worker died
  may reach its recipient twice, with the same Message-ID, so that a receiving
  server can drop it);
- its tasks still "running" are made ready again (tasks are idempotent), unless
  they have been tried WORKER_TASK_TRIES times already (a task that kills its
  worker every time): then they fail, named as lost.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

_current = {"id": ""}


class WorkerLost(Exception):
    """The task's worker stopped before the task finished (recorded, not raised)."""


def current_id():
    """This process's worker id, or "" outside a worker."""
    return _current["id"]


def host():
    return socket.gethostname()[:255]


def process_started(pid):
    """The process's start time in clock ticks since boot (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] == b"Z":  # a zombie: dead, only not yet reaped
        return None
    return int(fields[19])


def process_alive(pid, started):
    if started is not None and os.path.exists("/proc/self/stat"):
        return process_started(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def register(worker_id):
    from clarion.ops.models import Worker

    _current["id"] = worker_id
    now = timezone.now()
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": host(),
            "pid": os.getpid(),
            "process_started": process_started(os.getpid()),
            "started_at": now,
            "beat_at": now,
            "stopped_at": None,
        },
    )


def beat(worker_id):
    from clarion.ops.models import Worker

    Worker.objects.filter(worker_id=worker_id).update(beat_at=timezone.now())


def stopped(worker_id):
    from clarion.ops.models import Worker

    Worker.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def is_dead(worker, now):
    if worker.stopped_at is not None:
        return True
    if worker.beat_at < now - datetime.timedelta(seconds=settings.WORKER_DEAD_SECONDS):
        return True
    return worker.host == host() and not process_alive(worker.pid, worker.process_started)


def last_heartbeat():
    """The newest heartbeat of any worker, or None if no worker ever ran here."""
    from clarion.ops.models import Worker

    return Worker.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def recover(now=None):
    """Take back what dead workers held; returns (mails queued again, tasks
    made ready again, tasks failed). Safe in several workers at once: every
    change is a conditional update."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from clarion.ops.models import Worker
    from clarion.outbox import journal
    from clarion.outbox.models import Mail
    from clarion.outbox.tasks import send_mail

    now = now or timezone.now()
    me = current_id()
    known = {w.worker_id: w for w in Worker.objects.exclude(worker_id=me)}
    dead = {worker_id for worker_id, w in known.items() if is_dead(w, now)}
    newly_dead = [i for i in dead if known[i].stopped_at is None]
    if newly_dead:
        Worker.objects.filter(worker_id__in=newly_dead, stopped_at__isnull=True).update(
            stopped_at=now
        )
        log.error(
            "task workers gone (crashed or killed; taking back their work): %s",
            ", ".join(sorted(newly_dead)),
        )
    mails = tasks_again = tasks_failed = 0
    if dead:
        journal.settle(dead, remove=True)  # what they had sent is not sent again
        for pk in Mail.objects.filter(status=Mail.SENDING, claimed_by__in=dead).values_list(
            "pk", flat=True
        ):
            with transaction.atomic():
                if Mail.objects.filter(pk=pk, status=Mail.SENDING, claimed_by__in=dead).update(
                    status=Mail.QUEUED
                ):
                    send_mail.enqueue(pk)
                    mails += 1
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task in running.only("id", "worker_ids"):
        if not task.worker_ids or task.worker_ids[-1] not in dead:
            continue
        again, failed = _take_back(task, now)
        tasks_again += again
        tasks_failed += failed
    # Rows of workers long gone: their tasks were taken back long ago.
    Worker.objects.filter(stopped_at__lt=now - datetime.timedelta(days=1)).delete()
    if mails or tasks_again or tasks_failed:
        log.warning(
            "taken back from dead workers: %s mails, %s tasks to run again, %s tasks failed",
            mails,
            tasks_again,
            tasks_failed,
        )
    return mails, tasks_again, tasks_failed


def recover_own(worker_id, now=None):
    """After losing its database, a worker is running no task: whatever is
    still "running" in its name is taken back as if it had died."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from clarion.outbox import journal
    from clarion.outbox.models import Mail
    from clarion.outbox.tasks import send_mail

    now = now or timezone.now()
    journal.settle([worker_id])
    for pk in Mail.objects.filter(status=Mail.SENDING, claimed_by=worker_id).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            if Mail.objects.filter(pk=pk, status=Mail.SENDING, claimed_by=worker_id).update(
                status=Mail.QUEUED
            ):
                send_mail.enqueue(pk)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task in running.only("id", "worker_ids"):
        if task.worker_ids and task.worker_ids[-1] == worker_id:
            _take_back(task, now)


def _take_back(task, now):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    unchanged = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
    if len(task.worker_ids) < settings.WORKER_TASK_TRIES:
        # A moment's wait, so that a task that crashed its worker does not loop hot.
        again = unchanged.update(
            status=TaskResultStatus.READY,
            started_at=None,
            run_after=now + datetime.timedelta(seconds=1),
        )
        return again, 0
    failed = unchanged.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{__name__}.WorkerLost",
        traceback=f"The worker stopped while running this task, {len(task.worker_ids)} times.",
    )
    return 0, failed


def start_heartbeat(worker_id, stop_event):
    """A thread that writes the heartbeat until stop_event is set; a database
    that is away meanwhile is only logged (the beat resumes when it is back)."""

    def loop():
        while not stop_event.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                beat(worker_id)
            except Exception as error:  # the database away: try again next beat
                log.warning("heartbeat not written: %s", error)
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="clarion-heartbeat", daemon=True)
    thread.start()
    return thread
