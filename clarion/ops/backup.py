"""Backups that restore: one archive with every table, the media files and a
manifest, readable by either database engine.

The archive is a tar file, clarion-backup-<UTC time>.tar:

    manifest.json            format, Clarion's version, time, engine, applied
                             migrations, per table its columns, rows and the
                             SHA-256 of its file; per media file its SHA-256
    db/<table>.jsonl.gz      one JSON array per row, in primary-key order
    media/<path>             the files under MEDIA_ROOT

The rows are written in an engine-neutral form (datetimes in ISO 8601, UUIDs
and decimals as text, bytes in base64), so a SQLite site restores into
PostgreSQL and back. They are read in one snapshot: a REPEATABLE READ, READ
ONLY transaction on PostgreSQL; on SQLite, a copy of the database file made
with SQLite's online backup API (a short read transaction, which in WAL mode
never blocks the site's writers), from which the rows are then read.

With a passphrase, every member is encrypted (Fernet: AES-128-CBC with
HMAC-SHA256, key from the passphrase by PBKDF2-SHA256) in 1 MiB chunks, and
`encryption.json` keeps the salt; the encrypted manifest authenticates the
checksums, so a wrong passphrase and an altered archive are both refused.

Restore (restore()) checks everything before it writes anything: the
manifest, every member's checksum, that this code knows every migration the
archive has and that the database has none the archive lacks; then, in one
transaction, it empties the tables, loads the rows and compares the counts with
the manifest, and only then commits. Migrations the code has beyond the
archive's run afterwards.
"""

import base64
import contextlib
import datetime
import decimal
import gzip
import hashlib
import io
import json
import os
import sqlite3
import struct
import tarfile
import tempfile
import time
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from clarion.lib.db import sqlite_file

FORMAT = 1
CHUNK = 1024 * 1024
ROWS_PER_INSERT = 2000
PBKDF2_ITERATIONS = 600_000
PREFIX = "clarion-backup-"


class BackupError(Exception):
    """Something the operator must hear about, in plain words."""


# -- encryption ------------------------------------------------------------------------


def _fernet(passphrase, salt):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt,
                     iterations=PBKDF2_ITERATIONS)  # fmt: skip
    return Fernet(base64.urlsafe_b64encode(kdf.derive(passphrase.encode())))


def _encrypt_file(fernet, source, target):
    with open(source, "rb") as plain, open(target, "wb") as out:
        while chunk := plain.read(CHUNK):
            token = fernet.encrypt(chunk)
            out.write(struct.pack(">I", len(token)) + token)


def _decrypted_chunks(fernet, stream):
    from cryptography.fernet import InvalidToken

    while header := stream.read(4):
        if len(header) < 4:
            raise BackupError("the archive is truncated (an encrypted chunk is cut short)")
        (size,) = struct.unpack(">I", header)
        token = stream.read(size)
        if len(token) < size:
            raise BackupError("the archive is truncated (an encrypted chunk is cut short)")
        try:
            yield fernet.decrypt(token)
        except InvalidToken:
            raise BackupError("wrong passphrase, or the archive was altered") from None


# -- values --------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot back up a {type(value).__name__}")


# The search index: rebuilt by `manage.py update_index`, and on SQLite partly a
# full-text table that PostgreSQL does not have.
SEARCH_INDEX = ("wagtailsearch_indexentry", "modelsearch_indexentry")


def dumped_models(search_index=False):
    """Every table Django manages, once each (many-to-many tables included)."""
    seen, models = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        if meta.db_table.startswith(SEARCH_INDEX) and not search_index:
            continue
        seen.add(meta.db_table)
        models.append(model)
    return sorted(models, key=lambda m: m._meta.db_table)


def _fields(model):
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def applied_migrations(using="default"):
    applied = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def version():
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("clarion")
    except PackageNotFoundError:
        import tomllib

        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as project:
            return tomllib.load(project)["project"]["version"]


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# -- backup --------------------------------------------------------------------------


SNAPSHOT_ALIAS = "backup-snapshot"


class _Snapshot:
    """Every read inside sees the database at one instant, through the
    connection named by `alias`.

    On a SQLite file, SQLite's online backup API first copies the database, page
    by page in C, into `work` (one short read transaction: under a second for a
    million signatures), and the rows are read from that copy. A read
    transaction held on the live file for the whole dump would stop the
    write-ahead log from being checkpointed past it, and every commit of the
    site would pay for that. Measured with bench/bench_backup.py beside a sign
    load: see "Backups" in the README."""

    def __init__(self, work):
        self.work = work
        self.alias = "default"

    def __enter__(self):
        self.outer = connection.in_atomic_block
        if self.outer:  # already in a transaction (a test): it is the snapshot
            return self
        if connection.vendor == "postgresql":
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        elif sqlite_file(connection):
            copy = self.work / "snapshot.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)  # every page, in one step
            except sqlite3.Error as error:  # a full disk, as the archive's OSError
                raise OSError(f"copying the database: {error}") from error
            finally:
                target.close()
            connection.close()  # its memory map of the live file: the copy is read now
            wrapper = type(connections["default"])
            options = dict(connection.settings_dict["OPTIONS"])
            # Read without a memory map: its pages would count towards the peak memory.
            options["init_command"] = options.get("init_command", "") + "PRAGMA mmap_size=0;"
            copied = connection.settings_dict | {"NAME": str(copy), "OPTIONS": options}
            connections[SNAPSHOT_ALIAS] = wrapper(copied, SNAPSHOT_ALIAS)
            self.alias = SNAPSHOT_ALIAS
        else:  # in memory, or a URI database: a read transaction is the snapshot
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")  # deferred: a reader, which never blocks the writers
        return self

    def __exit__(self, *exc):
        if self.outer:
            return
        if connection.vendor == "postgresql":
            self.atomic.__exit__(*exc)
        elif self.alias == SNAPSHOT_ALIAS:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            for leftover in self.work.glob("snapshot.sqlite3*"):
                leftover.unlink()
        else:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


class Pace:
    """Lets a busy site go first. Called between chunks of rows: when the rest
    of the machine kept more than `busy` of its CPUs working meanwhile (a sign
    load), the backup rests `rest` times as long as the chunk took, so that beside
    a busy site it runs at a quarter of its pace; on a quiet machine it never
    waits. A backup at the lowest CPU priority still cost a sign load 13% (its
    reading and compressing slow the site's processes even on CPUs they leave
    idle); see "Backups" in the README for the figures with this."""

    def __init__(self, busy=0.5, rest=3.0):
        self.busy, self.rest = busy, rest
        self.cpus = os.cpu_count() or 1
        self.mark = self._now()

    @staticmethod
    def _now():
        try:
            with open("/proc/stat") as stat:
                ticks = [int(n) for n in stat.readline().split()[1:9]]
        except OSError:  # not Linux: never waits
            return None
        # user, nice, system, irq, softirq: not idle, I/O wait or a VM's stolen time
        busy = (sum(ticks[:3]) + ticks[5] + ticks[6]) / os.sysconf("SC_CLK_TCK")
        return time.monotonic(), time.process_time(), busy

    def __call__(self):
        now = self._now()
        if now and self.mark:
            took = now[0] - self.mark[0]
            others = (now[2] - self.mark[2]) - (now[1] - self.mark[1])
            if took > 0 and others / (took * self.cpus) > self.busy:
                time.sleep(min(took * self.rest, 5.0))
                now = self._now()
        self.mark = now


def backup(directory, passphrase=None, media=True, progress=None):
    """Write an archive into `directory`; returns its path. A failure (a full
    disk) leaves no partial file behind."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final = directory / f"{PREFIX}{stamp}.tar"
    partial = directory / f".{final.name}.partial"
    work = Path(tempfile.mkdtemp(prefix=".clarion-backup-", dir=directory))
    salt = os.urandom(16) if passphrase else None
    fernet = _fernet(passphrase, salt) if passphrase else None
    models = dumped_models()
    pace = Pace()
    try:
        with tarfile.open(partial, "w") as archive:
            if fernet:
                _add_bytes(archive, "encryption.json", json.dumps({
                    "cipher": "fernet", "kdf": "pbkdf2-sha256",
                    "iterations": PBKDF2_ITERATIONS, "salt": base64.b64encode(salt).decode(),
                }).encode())  # fmt: skip
            manifest = {
                "format": FORMAT, "clarion": version(), "created_at": timezone.now().isoformat(),
                "engine": connection.vendor, "encrypted": bool(fernet), "tables": {},
                "media": {},
            }  # fmt: skip
            with _Snapshot(work) as snapshot:
                manifest["migrations"] = applied_migrations(snapshot.alias)
                for model in models:
                    meta = model._meta
                    plain = work / f"{meta.db_table}.jsonl.gz"
                    rows = _dump_table(model, plain, progress, snapshot.alias, pace)
                    name = f"db/{meta.db_table}.jsonl.gz"
                    manifest["tables"][meta.db_table] = {
                        "model": meta.label, "columns": [f.column for f in _fields(model)],
                        "rows": rows, "file": name, "sha256": _sha256(plain),
                    }  # fmt: skip
                    _add_file(archive, name, plain, fernet, work)
                    plain.unlink()
            if media:
                manifest["media"] = _add_media(archive, fernet, work, progress)
            body = json.dumps(manifest, indent=1).encode()
            _add_bytes(archive, "manifest.json", fernet.encrypt(body) if fernet else body)
        partial.rename(final)
        return final
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup could not be written ({error}); "
                          "the partial file was removed") from error  # fmt: skip
    finally:
        for leftover in work.glob("*"):
            leftover.unlink()
        work.rmdir()


def _dump_table(model, path, progress, using, pace):
    fields = _fields(model)
    names = [f.attname for f in fields]
    # Fields from outside Django (Wagtail's StreamField) give rich values: their
    # stored form is written instead.
    custom = [(i, f.get_prep_value) for i, f in enumerate(fields) if not _is_django(f)]
    rows = 0
    query = model._base_manager.using(using).order_by("pk").values_list(*names)
    with gzip.open(path, "wt", compresslevel=1, encoding="utf-8") as out:
        dumps = json.JSONEncoder(default=_plain, ensure_ascii=False,
                                 separators=(",", ":")).encode  # fmt: skip
        for row in query.iterator(chunk_size=5000):
            if custom:
                row = list(row)
                for i, prepare in custom:
                    row[i] = None if row[i] is None else prepare(row[i])
            out.write(dumps(row))
            out.write("\n")
            rows += 1
            if rows % 5000 == 0:
                pace()
                if progress:
                    progress(5000)
    if progress:
        progress(rows % 5000)
    return rows


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive, name, path, fernet, work):
    if fernet:
        sealed = work / "sealed"
        _encrypt_file(fernet, path, sealed)
        archive.add(sealed, arcname=name)
        sealed.unlink()
    else:
        archive.add(path, arcname=name)


def _add_media(archive, fernet, work, progress):
    root = Path(settings.MEDIA_ROOT)
    files = {}
    total = 0
    if settings.S3_BUCKET or not root.is_dir():
        return {"files": files, "bytes": 0, "skipped": bool(settings.S3_BUCKET)}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        files[relative] = _sha256(path)
        total += path.stat().st_size
        _add_file(archive, f"media/{relative}", path, fernet, work)
    return {"files": files, "bytes": total}


# -- reading an archive ----------------------------------------------------------------


class Archive:
    """An archive opened for restoring: its manifest read (and decrypted)."""

    def __init__(self, path, passphrase=None):
        self.path = Path(path)
        try:
            self.tar = tarfile.open(self.path, "r")
            self.members = {m.name: m for m in self.tar.getmembers()}
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"{self.path} is not a readable backup archive ({error}); "
                              "it may be truncated") from error  # fmt: skip
        self.fernet = None
        if "encryption.json" in self.members:
            if not passphrase:
                raise BackupError("this archive is encrypted: give its passphrase "
                                  "(CLARION_BACKUP_PASSPHRASE or --passphrase-file)")  # fmt: skip
            options = json.loads(self._raw("encryption.json"))
            self.fernet = _fernet(passphrase, base64.b64decode(options["salt"]))
        if "manifest.json" not in self.members:
            raise BackupError("the archive has no manifest: it is truncated or not a backup")
        body = self._raw("manifest.json")
        if self.fernet:
            from cryptography.fernet import InvalidToken

            try:
                body = self.fernet.decrypt(body)
            except InvalidToken:
                raise BackupError("wrong passphrase, or the archive was altered") from None
        try:
            self.manifest = json.loads(body)
        except ValueError:
            raise BackupError("the manifest is damaged") from None
        if self.manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {self.manifest.get('format')!r}")

    def _raw(self, name):
        return self.tar.extractfile(self.members[name]).read()

    def chunks(self, name):
        """The member's (decrypted) bytes, in chunks."""
        member = self.members.get(name)
        if member is None:
            raise BackupError(f"the archive lacks {name}: it is truncated or was altered")
        try:
            stream = self.tar.extractfile(member)
            if self.fernet:
                yield from _decrypted_chunks(self.fernet, stream)
            else:
                while chunk := stream.read(CHUNK):
                    yield chunk
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"{name} cannot be read ({error}): the archive is damaged") from error

    def verify(self, progress=None):
        """Every member against its checksum in the manifest."""
        expected = {t["file"]: t["sha256"] for t in self.manifest["tables"].values()}
        expected |= {f"media/{p}": d for p, d in self.manifest["media"].get("files", {}).items()}
        for name, digest in expected.items():
            found = hashlib.sha256()
            for chunk in self.chunks(name):
                found.update(chunk)
            if found.hexdigest() != digest:
                raise BackupError(f"{name} does not match its checksum: the archive was altered "
                                  "or damaged")  # fmt: skip
            if progress:
                progress(1)
        return len(expected)

    def rows(self, table):
        name = self.manifest["tables"][table]["file"]
        stream = gzip.GzipFile(fileobj=_ChunkReader(self.chunks(name)))
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            yield json.loads(line)


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks):
        self.chunks, self.buffer = chunks, b""

    def readable(self):
        return True

    def readinto(self, target):
        while not self.buffer:
            try:
                self.buffer = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


# -- restore -------------------------------------------------------------------------


def check_schema(manifest, using="default"):
    """The plan for the database, or a BackupError saying why not."""
    executor = MigrationExecutor(connections[using])
    known = set(executor.loader.disk_migrations)
    for squashed in executor.loader.replacements.values():
        known.update(squashed.replaces)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(archived - known)
    if unknown:
        raise BackupError(
            f"the archive was made by a newer Clarion ({manifest['clarion']}): this code lacks "
            f"the migration {unknown[0][0]}.{unknown[0][1]}; upgrade Clarion, then restore"
        )
    present = {(app, name) for app, names in applied_migrations(using).items() for name in names}
    newer = sorted(present - archived)
    if newer:
        raise BackupError(
            "the database has a newer schema than the archive (it has "
            f"{newer[0][0]}.{newer[0][1]}): restore into an empty database"
        )
    return archived


def is_empty(using="default"):
    """No migration applied, or no row in any table but the ones migrations fill."""
    if not applied_migrations(using):
        return True
    automatic = {"django_content_type", "auth_permission", "django_migrations"}
    for model in dumped_models():
        if model._meta.db_table in automatic:
            continue
        if model._base_manager.using(using).exists():
            return False
    return True


def restore(path, passphrase=None, force=False, media=True, progress=None, say=print):
    """Restore the archive into the default database (and MEDIA_ROOT);
    returns the manifest. Nothing is written unless every check passes."""
    archive = Archive(path, passphrase)
    manifest = archive.manifest
    if not force and not is_empty():
        raise BackupError("the database is not empty: restore into an empty database, "
                          "or pass --force to replace everything in it")  # fmt: skip
    archived = check_schema(manifest)
    files = len(manifest["media"].get("files", {}))
    say(f"Checking {len(manifest['tables'])} tables and {files} media files …")
    archive.verify(progress and progress("verify", _member_count(manifest)))
    tables = {m._meta.db_table: m for m in dumped_models()}
    missing = sorted(set(manifest["tables"]) - set(tables))
    if missing:
        raise BackupError(f"this code has no table {missing[0]} that the archive has")
    say("Bringing the schema to the archive's migrations …")
    _migrate_to(archived)
    total = sum(t["rows"] for t in manifest["tables"].values())
    bar = progress and progress("rows", total)
    with transaction.atomic():
        existing = set(connection.introspection.table_names())
        _empty([m for m in dumped_models(search_index=True) if m._meta.db_table in existing])
        for table, entry in manifest["tables"].items():
            with _indexes_after(table, entry["rows"]):
                _load_table(tables[table], entry, archive.rows(table), bar)
        _reset_sequences(tables.values())
        for table, entry in manifest["tables"].items():
            found = tables[table]._base_manager.count()
            if found != entry["rows"]:
                raise BackupError(f"{table}: {found} rows restored, the manifest says "
                                  f"{entry['rows']}; nothing was restored")  # fmt: skip
    say("Applying this code's newer migrations, if any …")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if media and manifest["media"].get("files"):
        _restore_media(archive, manifest["media"]["files"])
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest


def _member_count(manifest):
    return len(manifest["tables"]) + len(manifest["media"].get("files", {}))


def _migrate_to(archived):
    executor = MigrationExecutor(connection)
    targets = []
    graph = executor.loader.graph
    # A squashed migration stands for the ones it replaces once all are applied.
    in_graph = {key for key in archived if key in graph.node_map}
    for key, squashed in executor.loader.replacements.items():
        if key in graph.node_map and all(r in archived for r in squashed.replaces):
            in_graph.add(key)
    for app in {app for app, _ in executor.loader.disk_migrations}:
        mine = [key for key in in_graph if key[0] == app]
        leaves = [k for k in mine if not any(c in mine for c in graph.node_map[k].children)]
        targets.extend(leaves or [(app, None)])
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)


def _empty(models):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            cursor.execute(f"TRUNCATE {names} CASCADE")
        else:
            for model in models:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@contextlib.contextmanager
def _indexes_after(table, rows):
    """On SQLite, a big table's indexes are dropped before its rows go in and
    made again after: built once from sorted rows instead of row by row
    (200,000 signatures: restore 26.1 → 23.0 s; see bench_backup)."""
    if connection.vendor != "sqlite" or rows < 10_000:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = %s AND sql IS NOT NULL", [table])  # fmt: skip
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def _load_table(model, entry, rows, bar):
    fields = {f.column: f for f in _fields(model)}
    unknown = [c for c in entry["columns"] if c not in fields]
    if unknown:
        raise BackupError(f"{model._meta.db_table} has no column {unknown[0]} in this code")
    columns = [fields[c] for c in entry["columns"]]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "
           f"({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    converters = [_converter(f) for f in columns]
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            ])  # fmt: skip
            if len(batch) >= ROWS_PER_INSERT:
                cursor.executemany(sql, batch)
                bar and bar(len(batch))
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            bar and bar(len(batch))


# Columns whose archived JSON value is already what the database driver takes
# (both SQLite and PostgreSQL): passed through as they are. Converting every
# value through its field took two thirds of a restore's time (300,000
# signatures: 60 of 100 s, profiled).
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "IntegerField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BooleanField", "CharField", "TextField", "EmailField", "SlugField",
    "URLField", "FloatField",
}  # fmt: skip


def _converter(field):
    """A function from the archived value to the database's, once per column;
    None where the value goes in as it is."""
    target = field.target_field if field.is_relation else field
    if _is_django(field) and target.get_internal_type() in PLAIN_TYPES:
        return None
    if _is_django(field) and field.get_internal_type() == "DateTimeField":
        adapt = connection.ops.adapt_datetimefield_value

        def convert(value):
            return adapt(field.get_prep_value(datetime.datetime.fromisoformat(value)))

        if connection.vendor == "sqlite" and settings.USE_TZ:
            return _utc_text(convert)
        return convert
    return lambda value: field.get_db_prep_save(_python(field, value), connection)


def _utc_text(convert):
    """SQLite keeps an aware time as its UTC text without the offset: a backup's
    "…T10:00:00.5+00:00" is "… 10:00:00.5" by slicing, without making a
    datetime (200,000 signatures: restore 28.4 → 26.1 s; see bench_backup)."""

    def to_text(value):
        if value.endswith("+00:00") and len(value) >= 25 and value[10] == "T":
            return value[:10] + " " + value[11:-6]
        return convert(value)

    return to_text


def _is_django(field):
    return type(field).__module__.startswith("django.")


def _python(field, value):
    if not _is_django(field):
        return field.to_python(value)
    if field.get_internal_type() == "JSONField":
        return value
    if field.get_internal_type() == "DurationField":
        from django.utils.dateparse import parse_duration

        return parse_duration(value)
    return field.to_python(value)


def _reset_sequences(models):
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _restore_media(archive, files):
    root = Path(settings.MEDIA_ROOT)
    for relative in files:
        target = (root / relative).resolve()
        if root.resolve() not in target.parents:
            raise BackupError(f"refusing a media path outside MEDIA_ROOT: {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        with open(partial, "wb") as out:
            for chunk in archive.chunks(f"media/{relative}"):
                out.write(chunk)
        partial.replace(target)


# -- keeping N daily and M weekly ------------------------------------------------------


def archive_time(name):
    stem = name.removeprefix(PREFIX).split(".", 1)[0]
    try:
        return datetime.datetime.strptime(stem, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def to_delete(names, daily, weekly):
    """Of these archive names, the ones retention lets go: the newest archive of
    each of the last `daily` days and of the last `weekly` ISO weeks are kept."""
    dated = sorted(((archive_time(n), n) for n in names if archive_time(n)), reverse=True)
    keep, days, weeks = set(), [], []
    for when, name in dated:
        day, week = when.date(), when.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.append(day)
            keep.add(name)
        if week not in weeks and len(weeks) < weekly:
            weeks.append(week)
            keep.add(name)
    return [name for _, name in dated if name not in keep]


def prune_local(directory, daily, weekly):
    directory = Path(directory)
    names = [p.name for p in directory.glob(f"{PREFIX}*.tar")]
    gone = to_delete(names, daily, weekly)
    for name in gone:
        (directory / name).unlink()
    return gone


# -- S3 ------------------------------------------------------------------------------


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=settings.BACKUP_S3_ENDPOINT_URL or None,
        region_name=settings.BACKUP_S3_REGION or None,
        aws_access_key_id=settings.BACKUP_S3_ACCESS_KEY or None,
        aws_secret_access_key=settings.BACKUP_S3_SECRET_KEY or None,
        config=Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=10),
    )


def upload(directory, daily, weekly, client=None):
    """Upload every local archive the bucket lacks (so a run after S3 was
    unreachable catches up), then apply retention in the bucket. Returns
    (uploaded names, deleted names)."""
    client = client or s3_client()
    bucket, prefix = settings.BACKUP_S3_BUCKET, settings.BACKUP_S3_PREFIX
    listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    there = {o["Key"].removeprefix(prefix) for o in listed.get("Contents", [])}
    uploaded = []
    for path in sorted(Path(directory).glob(f"{PREFIX}*.tar")):
        if path.name not in there:
            client.upload_file(str(path), bucket, prefix + path.name)
            uploaded.append(path.name)
            there.add(path.name)
    deleted = to_delete(there, daily, weekly)
    for name in deleted:
        client.delete_object(Bucket=bucket, Key=prefix + name)
    return uploaded, deleted
