"""The speed-ups of the sign path, each behind the plain path it replaces.

Read clarion/supporters first: a signature is validated by SignatureForm and
stored by clarion.supporters.signing.sign(). What is here makes that path
carry a day of mass action on one small server; every part has a switch
(clarion/settings.py) and the README section "The speed-ups" gives what each
buys, measured:

- signpost: the sign POST answered before Django's middleware (SIGN_FAST_PATH).
- groupcommit: sign requests share transactions through writer threads
  (SIGNATURE_GROUP_COMMIT).
- bulk, ids: one multi-row INSERT per batch, with ids reserved before it, so
  the mails are built before the write lock is taken.
- writelock: SQLite writers of every process queue on a kernel file lock
  (SQLITE_WRITE_LOCK).
- contextlocals: Django's per-request locals without asgiref's process-wide
  lock (LOCK_FREE_LOCALS).

This package imports no app: the sign path hands it its own functions.
"""
