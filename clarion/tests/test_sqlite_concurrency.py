import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import SimpleTestCase

from clarion.lib.db import SQLITE_OPTIONS

THREADS = 8
WRITES = 25


class SqliteConcurrencyTestCase(SimpleTestCase):
    """The embedded default takes concurrent writers without 'database is locked'."""

    @pytest.fixture(autouse=True)
    def _own_database(self, django_db_blocker):
        # This test opens its own SQLite file, outside the test database.
        with django_db_blocker.unblock():
            yield

    def setUp(self):
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(tempfile.mkdtemp()) / "concurrency.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
        # A connection of its own, configured exactly like settings.DATABASES.
        self.config = connections.configure_settings({"default": config})["default"]
        with self.connect() as db, db.cursor() as cursor:
            cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, seq INTEGER UNIQUE)")

    @contextmanager
    def connect(self):
        db = DatabaseWrapper(self.config, alias="sqlite_concurrency")
        try:
            yield db
        finally:
            db.close()

    def writer(self, errors):
        with self.connect() as db:
            try:
                db.ensure_connection()
                for _ in range(WRITES):
                    # Read, then write in one transaction: with deferred
                    # transactions two such writers fail with "database is locked".
                    db._start_transaction_under_autocommit()
                    with db.cursor() as cursor:
                        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM item")
                        (last,) = cursor.fetchone()
                        cursor.execute("INSERT INTO item (seq) VALUES (%s)", [last + 1])
                    db.commit()
            except Exception as error:  # collected and asserted below
                errors.append(repr(error))

    def test_it_takes_concurrent_writers(self):
        errors = []
        threads = [threading.Thread(target=self.writer, args=(errors,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        with self.connect() as db, db.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), MAX(seq) FROM item")
            self.assertEqual(cursor.fetchone(), (THREADS * WRITES, THREADS * WRITES))
            cursor.execute("PRAGMA journal_mode")
            self.assertEqual(cursor.fetchone()[0], "wal")
