"""Group commit for the sign path.

Each accepted signature needs its row, its confirmation mail and that mail's
task written in one transaction before the visitor is told "thank you". Done
one request at a time, the per-transaction cost (BEGIN, three inserts through
the ORM, COMMIT; and on SQLite the single writer lock) caps a small server at
a few hundred signatures a second. Here request threads hand their prepared
Signature to the process's writer threads (SIGNATURE_WRITERS). A writer takes
whatever has queued up, counts it against the abuse limits in one go (one
Redis round trip per batch, not per signature) and writes it in a single
transaction (`signing.store`: multi-row insert, mails in bulk, one task), then
wakes each waiting request with its own outcome. Nothing is acknowledged
before it is committed; under load, batches grow by themselves. On SQLite,
writers of every process take turns at a kernel file lock
(clarion.lib.writelock) rather than polling.
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
    __slots__ = ("signature", "done", "stored", "error")

    def __init__(self, signature):
        self.signature = signature
        self.done = threading.Event()
        self.stored = None
        self.error = None


class Writer:
    def __init__(self):
        self.queue = queue.SimpleQueue()
        self.threads = []
        self.pid = None
        self.lock = threading.Lock()

    def submit(self, signature):
        """Write the signature (with the others waiting); True if stored, False
        if the mailbox had signed before. Raises what the database raised."""
        self._ensure_running()
        item = Pending(signature)
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
        """The abuse limits, counted once per batch (one Redis round trip)."""
        from clarion.supporters import signing

        try:
            signing.judge([item.signature for item in batch])
        except Exception as error:  # the cache is down: "try again", nothing stored
            log.warning("signatures not judged: %r", error)
            for item in batch:
                item.error = error
                item.done.set()
            return False
        return True

    def _write(self, batch):
        from clarion.supporters import signing

        try:
            stored = signing.store([item.signature for item in batch])
        except Exception as error:
            connection.close()  # a broken connection is not reused
            if len(batch) > 1:
                # One bad row must not fail its neighbours: write them one by one.
                for item in batch:
                    item.signature.pk = None
                    self._write([item])
                return
            log.warning("signature not stored: %r", error)
            batch[0].error = error
            batch[0].done.set()
            return
        for item, ok in zip(batch, stored, strict=True):
            item.stored = ok
            item.done.set()


_writer = Writer()


def writer():
    return _writer
