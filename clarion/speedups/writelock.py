"""One writer at a time across processes, for SQLite.

SQLite lets one process write at a time; a process that finds the database
locked polls for it, sleeping up to 100 ms between tries, so under a steady
write load from several web processes some writers starve for a second or more.
Writers that take this kernel file lock first queue in the kernel instead and
start the moment the previous writer is done. On other databases it is a no-op,
and with SQLITE_WRITE_LOCK=0 too (SQLite's busy handler then decides).
"""

import fcntl
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from clarion.lib.db import sqlite_file


def _lock_path():
    name = sqlite_file(connection)
    if name is None or not settings.SQLITE_WRITE_LOCK:
        return None
    return f"{name}.write-lock"


_files = {}
# flock belongs to the open file, shared by the process's threads: they queue
# on this lock first.
_in_process = threading.Lock()


@contextmanager
def exclusive_writer():
    path = _lock_path()
    if path is None or connection.in_atomic_block:
        # Inside a transaction SQLite's own write lock is held already (BEGIN
        # IMMEDIATE): waiting here for a writer that waits for that lock would
        # stall both until the busy timeout.
        yield
        return
    key = (os.getpid(), path)
    handle = _files.get(key)
    if handle is None:
        handle = _files[key] = open(path, "a+b")  # noqa: SIM115 (kept open for the process)
    with _in_process:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
