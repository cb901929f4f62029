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
