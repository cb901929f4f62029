"""Primary keys handed out before the insert.

The sign path's mails carry links signed with the signature's id. Knowing the
ids beforehand lets the group-commit writer build those mails (the slow,
Python part) before it takes the database's write lock, so the lock is held
only for the SQL. A process takes ids a block at a time, so
that most batches need no query for them: on PostgreSQL from the table's
sequence (200 nextval() in one query); SQLite has no sequence object, so there a
block is reserved by moving the table's AUTOINCREMENT counter forward
(`sqlite_sequence`), and rows inserted the ordinary way start after it.
"""

import os
import threading

from django.db import connection, transaction

from clarion.speedups.writelock import exclusive_writer

BLOCK = 200
_blocks = {}  # (pid, table) -> ids not handed out yet, ascending
_lock = threading.Lock()


def reserve(model, count):
    """`count` unused primary keys for `model`, ascending."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    if connection.vendor == "postgresql":
        new_block = _postgres_block  # a sequence never rolls back: blocks are safe anywhere
    elif connection.vendor != "sqlite":
        raise NotImplementedError(connection.vendor)
    elif connection.in_atomic_block:
        # The caller's transaction may roll the counter back: keep no block.
        return _sqlite_block(table, column, count)
    else:
        new_block = _sqlite_block
    ids = []
    with _lock:
        while len(ids) < count:
            block = _blocks.get((os.getpid(), table))
            if not block:
                block = _blocks[(os.getpid(), table)] = new_block(table, column)
            take = min(count - len(ids), len(block))
            ids.extend(block[:take])
            del block[:take]
    return sorted(ids)


def _postgres_block(table, column, size=BLOCK):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, size],
        )
        # Not always consecutive: other processes draw from the same sequence.
        return sorted(row[0] for row in cursor.fetchall())


def _sqlite_block(table, column, size=BLOCK):
    quoted_table, quoted_column = (connection.ops.quote_name(n) for n in (table, column))
    highest = f"(SELECT COALESCE(MAX({quoted_column}), 0) FROM {quoted_table})"
    with exclusive_writer(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, {highest} "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [table, table],
        )
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = MAX(seq, {highest}) + %s WHERE name = %s "
            "RETURNING seq",
            [size, table],
        )
        last = cursor.fetchone()[0]
    return list(range(last - size + 1, last + 1))


def forget():
    """Drop reserved blocks (tests roll back the counter they moved)."""
    _blocks.clear()
