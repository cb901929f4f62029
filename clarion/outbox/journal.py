"""Mails the SMTP server took: noted at once in a file of the worker's own, and
marked sent in the database a batch at a time (SQLite).

On SQLite every write waits its turn for the one write lock, which the sign
path holds much of the time on a day of mass action. Marking each mail sent in
a transaction of its own put one such turn behind every mail. Instead, the
worker appends the id of each mail the server accepted to its journal (one
write(2): the kernel keeps it even if the process is killed the next instant)
and marks them sent FLUSH at a time. Whoever queues "sending" mails again (a
dead worker's, a stalled one) first settles the journals: every id in one was
accepted by the server, so it is marked sent and does not go out twice.

On PostgreSQL, where writers do not queue for one lock, and outside a task
worker, each mail is marked sent at once (the journal is then inactive).
OUTBOX_SENT_JOURNAL=0 does the same on SQLite.
"""

import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from clarion.lib.db import sqlite_file

FLUSH = 20


def directory():
    """Where the journals live (beside the SQLite file), or None: no journals."""
    name = sqlite_file(connection)
    if name is None or not settings.OUTBOX_SENT_JOURNAL:
        return None
    return Path(f"{name}.sent")


def path_for(folder, worker_id):
    return folder / re.sub(r"[^A-Za-z0-9_.-]", "_", worker_id)


def record_sent(pks, attempts=120, pause=0.5):
    """The SMTP server has these mails: note it, even across a database restart.

    If this update were lost, the mails would look stalled and go out a second
    time; so a database that has just gone away is waited for (up to a minute)
    instead of giving up. Returns how many were not marked sent before."""
    from clarion.outbox.models import Mail

    for attempt in range(attempts):
        try:
            return (
                Mail.objects.filter(pk__in=pks)
                .exclude(status=Mail.SENT)
                .update(status=Mail.SENT, sent_at=timezone.now(), last_error="")
            )
        except (OperationalError, InterfaceError):
            if attempt == attempts - 1:
                raise
            connection.close()  # reconnect on the next try
            time.sleep(pause)


class Journal:
    """The journal of one task's sending; without a journal file (PostgreSQL,
    outside a worker) each mail is marked sent at once."""

    def __init__(self, worker_id):
        self.fd, self.pending, folder = None, [], directory()
        if folder is None or not worker_id:
            return
        folder.mkdir(exist_ok=True)
        self.path = path_for(folder, worker_id)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def add(self, pk):
        if self.fd is None:
            record_sent([pk])
            return
        os.write(self.fd, f"{pk}\n".encode())
        self.pending.append(pk)
        if len(self.pending) >= FLUSH:
            self.flush()

    def flush(self):
        if self.pending:
            record_sent(self.pending)
            self.pending = []
        os.ftruncate(self.fd, 0)

    def close(self):
        """Mark the rest sent; the empty journal goes. If the database cannot
        be reached, the journal stays for whoever takes the mails back."""
        if self.fd is None:
            return
        try:
            self.flush()
            os.unlink(self.path)
        finally:
            os.close(self.fd)


def read(path):
    """The ids in a journal: whole lines only (one may be half written)."""
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return []
    lines = text.split(b"\n")[:-1]  # after the last newline: not finished
    return [int(line) for line in lines if line.isdigit()]


def settle(worker_ids=None, remove=False):
    """Mark sent every mail in the journals of these workers (None: of all);
    `remove` deletes their journals too (only for workers known to be dead).
    Returns how many mails it marked."""
    folder = directory()
    if folder is None or not folder.exists():
        return 0
    if worker_ids is None:
        paths = [path for path in folder.iterdir() if path.is_file()]
    else:
        paths = [path_for(folder, worker_id) for worker_id in worker_ids]
    marked = 0
    for path in paths:
        pks = read(path)
        if pks:
            marked += record_sent(pks)
        if remove:
            path.unlink(missing_ok=True)
    return marked
