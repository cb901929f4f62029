"""Group commit: many requests' rows written in one transaction.

Each accepted signature needs its row, its confirmation mail and that mail's
task written in one transaction before the visitor is told "thank you". Done
one request at a time, the per-transaction cost (BEGIN, three inserts through
the ORM, COMMIT; and on SQLite the single writer lock) caps a small server at
a few hundred signatures a second. Here request threads hand their prepared
row to the process's writer threads (SIGNATURE_WRITERS). A writer takes
whatever has queued up, judges it in one go (`judge(rows)`: the sign path
counts the abuse limits, one Redis round trip per batch) and writes it in a
single transaction (`store(rows)`: the sign path's multi-row insert, mails in
bulk, one task), then wakes each waiting request with its own outcome.
Nothing is acknowledged before it is committed; under load, batches grow by
themselves. On SQLite, writers of every process take turns at a kernel file
lock (clarion.speedups.writelock) rather than polling.
"""

import logging
import os
import queue
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection

log = logging.getLogger(__name__)
MAX_BATCH = 200
WAIT_SECONDS = 30


class Pending:
    __slots__ = ("row", "done", "stored", "error")

    def __init__(self, row):
        self.row = row
        self.done = threading.Event()
        self.stored = None
        self.error = None


class Writer:
    """`judge(rows)` may mark rows (it raises to refuse the whole batch);
    `store(rows)` writes them in one transaction and returns, per row, True if
    stored or False if it was a duplicate."""

    def __init__(self, judge, store):
        self.judge, self.store = judge, store
        self.queue = queue.SimpleQueue()
        self.threads = []
        self.pid = None
        self.lock = threading.Lock()

    def submit(self, row):
        """Write the row (with the others waiting); True if stored, False if it
        was a duplicate. Raises what the database raised."""
        self._ensure_running()
        item = Pending(row)
        self.queue.put(item)
        if not item.done.wait(WAIT_SECONDS):
            # Reported like a database that does not answer: "try again" page.
            raise OperationalError("the signature writer did not answer in time")
        if item.error is not None:
            raise item.error
        return item.stored

    def _ensure_running(self):
        # Threads do not survive a fork: a worker forked from a preloading
        # master starts its own writer.
        if self.pid == os.getpid() and all(thread.is_alive() for thread in self.threads):
            return
        with self.lock:
            if self.pid != os.getpid():
                self.pid, self.threads = os.getpid(), []
            self.threads = [thread for thread in self.threads if thread.is_alive()]
            while len(self.threads) < settings.SIGNATURE_WRITERS:
                thread = threading.Thread(target=self._run, name="clarion-sign-writer", daemon=True)
                thread.start()
                self.threads.append(thread)

    def _run(self):
        while True:
            batch = [self.queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            close_old_connections()
            if self._judge(batch):
                self._write(batch)

    def _judge(self, batch):
        try:
            self.judge([item.row for item in batch])
        except Exception as error:  # the cache is down: "try again", nothing stored
            log.warning("rows not judged: %r", error)
            for item in batch:
                item.error = error
                item.done.set()
            return False
        return True

    def _write(self, batch):
        try:
            stored = self.store([item.row for item in batch])
        except Exception as error:
            connection.close()  # a broken connection is not reused
            if len(batch) > 1:
                # One bad row must not fail its neighbours: write them one by one.
                for item in batch:
                    item.row.pk = None
                    self._write([item])
                return
            log.warning("row not stored: %r", error)
            batch[0].error = error
            batch[0].done.set()
            return
        for item, ok in zip(batch, stored, strict=True):
            item.stored = ok
            item.done.set()
