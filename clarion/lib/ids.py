"""Primary keys handed out before the insert.

The sign path's mails carry links signed with the signature's id. Knowing the
ids beforehand lets the group-commit writer build those mails (the slow,
Python part) before it takes the database's write lock, so the lock is held
only for the SQL. PostgreSQL gives ids from the table's sequence, many in one
query. SQLite has no sequence object: a process reserves a block of ids by
moving the table's AUTOINCREMENT counter forward (`sqlite_sequence`), so
rows inserted the ordinary way start after the block.
"""

import os
import threading

from django.db import connection, transaction

from clarion.lib.writelock import exclusive_writer

SQLITE_BLOCK = 200
_blocks = {}  # (pid, table) -> [next id, last id]
_lock = threading.Lock()


def reserve(model, count):
    """`count` unused primary keys for `model`, ascending."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    if connection.vendor != "sqlite":
        raise NotImplementedError(connection.vendor)
    if connection.in_atomic_block:
        # The caller's transaction may roll the counter back: keep no block.
        first = _sqlite_block(table, column, count)[0]
        return list(range(first, first + count))
    ids = []
    with _lock:
        while len(ids) < count:
            block = _blocks.get((os.getpid(), table))
            if block is None or block[0] > block[1]:
                block = _blocks[(os.getpid(), table)] = _sqlite_block(table, column)
            take = min(count - len(ids), block[1] - block[0] + 1)
            ids.extend(range(block[0], block[0] + take))
            block[0] += take
    return ids


def _sqlite_block(table, column, size=SQLITE_BLOCK):
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
    return [last - size + 1, last]


def forget():
    """Drop reserved blocks (tests roll back the counter they moved)."""
    _blocks.clear()
