"""Database settings shared by settings.py and the tests that check them."""

# IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
# busy timeout instead of failing with "database is locked" when a read lock
# would have to be upgraded mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=30000;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA mmap_size=134217728;"
    ),
}


def sqlite_file(connection):
    """The SQLite database file of a connection, or None (another engine, or an
    in-memory or URI database): beside it live the write lock and mail journals."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name
