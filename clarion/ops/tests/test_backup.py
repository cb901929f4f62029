"""Backups that restore: the round trip between engines with real processes,
and every way an archive can be refused."""

import gzip
import json
import os
import resource
import signal
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import SimpleTestCase, TestCase, TransactionTestCase, override_settings

from clarion.ops import backup
from clarion.outbox.models import Mail
from clarion.tests.processes import ROOT, free_ports, subprocess_database_url

PG = "postgres://postgres@127.0.0.1:5432"


def manage(database_url, *args, media=None, check=True, **env):
    environment = dict(os.environ, DATABASE_URL=database_url, ENVIRONMENT="test",
                       MEDIA_ROOT=str(media or tempfile.mkdtemp()), **env)  # fmt: skip
    done = subprocess.run([sys.executable, "manage.py", *args, "--no-progress"], cwd=ROOT,
                          env=environment, capture_output=True, text=True)  # fmt: skip
    if check and done.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


def fresh_postgres(name):
    import psycopg

    try:
        with psycopg.connect(f"{PG}/postgres".replace("postgres://", "postgresql://"),
                             autocommit=True, connect_timeout=3) as db:  # fmt: skip
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    return f"{PG}/{name}"


def drop_postgres(name):
    import psycopg

    with psycopg.connect(f"{PG}/postgres".replace("postgres://", "postgresql://"),
                         autocommit=True) as db:  # fmt: skip
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_of(archive_path):
    """{table: [rows]} of an unencrypted archive, JSON values compared as data."""
    tables = {}
    with tarfile.open(archive_path) as archive:
        for member in archive.getmembers():
            if member.name.startswith("db/"):
                lines = gzip.decompress(archive.extractfile(member).read()).splitlines()
                tables[member.name] = [json.loads(line) for line in lines]
    return tables


def only_archive(directory):
    (path,) = Path(directory).glob("clarion-backup-*.tar")
    return path


class RoundTripTestCase(TransactionTestCase):
    """SQLite → PostgreSQL → SQLite (or PostgreSQL → SQLite → PostgreSQL):
    equal counts and equal rows."""

    serialized_rollback = False

    def test_it_restores_into_the_other_engine_and_back_with_equal_rows(self):
        work = Path(tempfile.mkdtemp())
        media = work / "media"
        (media / "images").mkdir(parents=True)
        (media / "images" / "one.png").write_bytes(b"\x89PNG not really")
        here = subprocess_database_url()
        name = f"{connection.settings_dict['NAME'].rsplit('/', 1)[-1]}_roundtrip"[-60:]
        other = fresh_postgres(name) if connection.vendor == "sqlite" else None
        other = other or f"sqlite:///{work / 'other.sqlite3'}"
        self.addCleanup(lambda: other.startswith("postgres") and drop_postgres(name))
        again = f"sqlite:///{work / 'again.sqlite3'}" if connection.vendor == "sqlite" else None
        again = again or fresh_postgres(f"{name}_again")
        if again.startswith("postgres"):
            self.addCleanup(drop_postgres, f"{name}_again")

        # Rows of its own: on PostgreSQL an earlier TransactionTestCase may have
        # emptied the database (on SQLite the content pack is still there).
        for n in range(3):
            Mail.queue(f"roundtrip:{n}", f"r{n}@example.org", "Hello", "Text")
        manage(here, "backup", str(work / "one"), media=media)
        first = only_archive(work / "one")
        manage(other, "restore", str(first), media=work / "media2")
        self.assertEqual((work / "media2" / "images" / "one.png").read_bytes(),
                         b"\x89PNG not really")  # fmt: skip
        manage(other, "backup", str(work / "two"), media=work / "media2")
        manage(again, "restore", str(only_archive(work / "two")), media=work / "media3")
        manage(again, "backup", str(work / "three"), media=work / "media3")

        original, returned = rows_of(first), rows_of(only_archive(work / "three"))
        for tables in (original, returned):
            # Only SQLite has the full-text search model: migrating there adds its
            # content type and permissions, which then travel on.
            for table in ("db/django_content_type.jsonl.gz", "db/auth_permission.jsonl.gz"):
                tables[table] = [r for r in tables[table] if "sqliteftsindexentry" not in str(r)]
        self.assertEqual(sorted(original), sorted(returned))
        for table, rows in original.items():
            self.assertEqual(rows, returned[table], table)
        manifest = backup.Archive(first).manifest
        self.assertGreaterEqual(manifest["tables"]["outbox_mail"]["rows"], 3)
        self.assertEqual(
            manifest["tables"]["wagtailcore_page"]["rows"],
            len(original.get("db/wagtailcore_page.jsonl.gz", [])),
        )

        refused = manage(again, "restore", str(first), check=False)  # not empty now
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("not empty", refused.stderr)


class SnapshotTestCase(TransactionTestCase):
    """On SQLite the rows are read from a copy made by the online backup API, so
    the site's writers go on and the write-ahead log can be checkpointed while
    the tables are dumped."""

    def test_it_lets_the_site_write_and_checkpoint_while_it_dumps_on_sqlite(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL reads in a REPEATABLE READ transaction")
        import sqlite3

        Mail.queue("snapshot:before", "before@example.org", "Hello", "Text")
        seen = []

        def meanwhile(_rows):
            if seen:
                return
            site = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
            with site:
                site.execute("UPDATE outbox_mail SET subject = 'Changed' "
                             "WHERE key = 'snapshot:before'")  # fmt: skip
            seen.append(site.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
            site.close()

        path = backup.backup(tempfile.mkdtemp(), media=False, progress=meanwhile)
        busy, _log, _done = seen[0]
        self.assertEqual(busy, 0, "a reader held the write-ahead log during the dump")
        mails = rows_of(path)["db/outbox_mail.jsonl.gz"]
        subjects = [row for row in mails if "snapshot:before" in row]
        self.assertEqual(len(subjects), 1)
        self.assertIn("Hello", subjects[0])  # the rows as they were when it began
        self.assertFalse(list(path.parent.glob(".clarion-backup-*")))  # copy removed


class PaceTestCase(SimpleTestCase):
    def test_it_rests_while_the_rest_of_the_machine_is_busy(self):
        spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                    for _ in range(os.cpu_count() or 1)]  # fmt: skip
        try:
            import time

            pace = backup.Pace(busy=0.5, rest=3.0)
            time.sleep(0.3)  # a chunk of rows, while the others keep the CPUs busy
            start = time.monotonic()
            pace()
            self.assertGreaterEqual(time.monotonic() - start, 0.8)
        finally:
            for spinner in spinners:
                spinner.kill()
                spinner.wait()


class IndexesTestCase(TestCase):
    def indexes(self, table):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        return {name for name, c in found.items() if c["index"] and not c["primary_key"]}

    def test_a_big_tables_indexes_are_made_again_after_its_rows_on_sqlite(self):
        before = self.indexes("supporters_signature")
        self.assertTrue(before)
        with backup._indexes_after("supporters_signature", rows=1_000_000):
            during = self.indexes("supporters_signature")
        self.assertEqual(self.indexes("supporters_signature"), before)
        if connection.vendor == "sqlite":  # built once from the loaded rows
            self.assertLess(len(during), len(before))
        else:  # PostgreSQL keeps them: the drop and rebuild is for SQLite only
            self.assertEqual(during, before)
        with backup._indexes_after("supporters_signature", rows=50):  # small: kept
            self.assertEqual(self.indexes("supporters_signature"), before)


class DiskFullTestCase(SimpleTestCase):
    databases = {"default"}

    def test_it_removes_the_partial_file_when_the_disk_fills(self):
        def tiny_disk():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk: EFBIG, not a kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

        directory = tempfile.mkdtemp()
        environment = dict(os.environ, DATABASE_URL=subprocess_database_url(),
                           ENVIRONMENT="test")  # fmt: skip
        result = subprocess.run(
            [sys.executable, "manage.py", "backup", directory, "--no-media", "--no-progress"],
            cwd=ROOT, env=environment, capture_output=True, text=True, preexec_fn=tiny_disk,
        )  # fmt: skip
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("the partial file was removed", result.stderr)
        self.assertEqual(os.listdir(directory), [])


class RefusalsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = Path(tempfile.mkdtemp())
        Mail.queue("backup:1", "one@example.org", "Hello", "Text")
        cls.plain = backup.backup(cls.directory / "plain", media=False)
        cls.sealed = backup.backup(cls.directory / "sealed", passphrase="correct horse",
                                   media=False)  # fmt: skip

    def test_it_writes_a_manifest_with_counts_and_migrations(self):
        manifest = backup.Archive(self.plain).manifest
        self.assertEqual(manifest["tables"]["outbox_mail"]["rows"], Mail.objects.count())
        self.assertIn("0001_workers", manifest["migrations"]["ops"])
        self.assertEqual(manifest["engine"], connection.vendor)
        self.assertEqual(backup.Archive(self.plain).verify(), len(manifest["tables"]))

    def test_it_refuses_a_tampered_archive_naming_the_member(self):
        tampered = self.directory / "tampered.tar"
        with tarfile.open(self.plain) as source, tarfile.open(tampered, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == "db/outbox_mail.jsonl.gz":
                    data = gzip.compress(gzip.decompress(data).replace(b"Hello", b"Hijack"))
                    member.size = len(data)
                target.addfile(member, __import__("io").BytesIO(data))
        with self.assertRaisesRegex(backup.BackupError, "db/outbox_mail.jsonl.gz does not match"):
            backup.Archive(tampered).verify()

    def test_it_refuses_a_truncated_archive(self):
        truncated = self.directory / "truncated.tar"
        data = self.plain.read_bytes()
        truncated.write_bytes(data[: len(data) // 2])
        with self.assertRaisesRegex(backup.BackupError, "truncated"):
            backup.Archive(truncated).verify()

    def test_it_refuses_a_wrong_or_missing_passphrase(self):
        with self.assertRaisesRegex(backup.BackupError, "encrypted: give its passphrase"):
            backup.Archive(self.sealed)
        with self.assertRaisesRegex(backup.BackupError, "wrong passphrase"):
            backup.Archive(self.sealed, "wrong")
        archive = backup.Archive(self.sealed, "correct horse")
        self.assertEqual(archive.verify(), len(archive.manifest["tables"]))
        self.assertNotIn(b"one@example.org", self.sealed.read_bytes())

    def test_it_refuses_a_database_not_empty_or_of_a_newer_schema(self):
        with self.assertRaisesRegex(backup.BackupError, "not empty"):
            backup.restore(self.plain)
        manifest = backup.Archive(self.plain).manifest
        manifest["migrations"]["ops"].remove("0001_workers")
        with self.assertRaisesRegex(backup.BackupError, "newer schema than the archive"):
            backup.check_schema(manifest)
        manifest["migrations"]["ops"].append("0099_future")
        with self.assertRaisesRegex(backup.BackupError, "made by a newer Clarion"):
            backup.check_schema(manifest)

    @override_settings(BACKUP_S3_BUCKET="backups", BACKUP_S3_ACCESS_KEY="k",
                       BACKUP_S3_SECRET_KEY="s")  # fmt: skip
    def test_it_keeps_the_local_copy_when_s3_is_unreachable(self):
        (port,) = free_ports(1)
        directory = self.directory / "s3"
        with override_settings(BACKUP_S3_ENDPOINT_URL=f"http://127.0.0.1:{port}"):
            with self.assertRaisesRegex(CommandError, "upload to S3 failed"):
                call_command("backup", str(directory), "--no-media", "--no-progress",
                             stdout=open(os.devnull, "w"))  # fmt: skip
        self.assertEqual(len(list(directory.glob("clarion-backup-*.tar"))), 1)


class RetentionTestCase(SimpleTestCase):
    def test_it_keeps_the_newest_of_each_day_and_week(self):
        names = [f"clarion-backup-202612{day:02d}T0{hour}0000Z.tar"
                 for day in range(1, 31) for hour in (1, 3)]  # fmt: skip
        gone = backup.to_delete(names, daily=3, weekly=2)
        kept = sorted(set(names) - set(gone))
        self.assertEqual(kept, [
            "clarion-backup-20261227T030000Z.tar",  # newest of ISO week 52
            "clarion-backup-20261228T030000Z.tar",
            "clarion-backup-20261229T030000Z.tar",
            "clarion-backup-20261230T030000Z.tar",  # newest, and of week 53
        ])  # fmt: skip
        self.assertEqual(backup.to_delete(["notes.txt"], 1, 1), [])
