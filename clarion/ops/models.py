from django.db import models
from django.utils import timezone


class Worker(models.Model):
    """A task worker process, as it last reported itself (clarion/ops/workers.py).

    Each worker writes its row when it starts and its heartbeat every few
    seconds; a worker that stops cleanly notes when. A row whose heartbeat is
    old, or whose process is gone from this machine, is a dead worker: the tasks
    and mails it held are taken back at once."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # The process's start time on its host (Linux: /proc/<pid>/stat), so that a
    # new process that happens to get the same pid is not taken for this one.
    process_started = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]
        permissions = [("operate", "See the site's health and retry failed mails and tasks")]

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
