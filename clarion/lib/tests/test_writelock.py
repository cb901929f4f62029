import fcntl

from django.db import connection
from django.test import TestCase

from clarion.lib.writelock import _lock_path, exclusive_writer


class ExclusiveWriterTestCase(TestCase):
    def test_it_holds_a_kernel_lock_beside_the_sqlite_file(self):
        if connection.vendor != "sqlite":
            self.assertIsNone(_lock_path())
            with exclusive_writer():
                pass  # nothing to take: PostgreSQL lets many write at once
            return
        path = _lock_path()
        self.assertTrue(path.endswith(".write-lock"))
        with open(path, "a+b") as other:  # what another process would do
            with exclusive_writer():
                with self.assertRaises(BlockingIOError):
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
            fcntl.flock(other, fcntl.LOCK_UN)
