import fcntl

from django.db import connection, transaction
from django.test import TransactionTestCase

from clarion.speedups.writelock import _lock_path, exclusive_writer


class ExclusiveWriterTestCase(TransactionTestCase):
    def other_writer_can_lock(self):
        with open(_lock_path(), "a+b") as other:  # what another process would do
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            fcntl.flock(other, fcntl.LOCK_UN)
            return True

    def test_it_holds_a_kernel_lock_beside_the_sqlite_file(self):
        if connection.vendor != "sqlite":
            self.assertIsNone(_lock_path())
            with exclusive_writer():
                pass  # nothing to take: PostgreSQL lets many write at once
            return
        self.assertTrue(_lock_path().endswith(".write-lock"))
        with exclusive_writer():
            self.assertFalse(self.other_writer_can_lock())
        self.assertTrue(self.other_writer_can_lock())  # free again

    def test_it_takes_no_file_lock_inside_a_transaction(self):
        """The transaction holds SQLite's own lock already; waiting for the file
        lock there could wait on a writer that waits for that transaction."""
        if connection.vendor != "sqlite":
            return
        with transaction.atomic(), exclusive_writer():
            self.assertTrue(self.other_writer_can_lock())
