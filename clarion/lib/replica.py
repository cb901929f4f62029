"""Read-only page queries go to a read replica (DATABASE_REPLICA_URL) when one
is configured; everything else, and everything without one, uses the primary.

Only anonymous GET/HEAD requests read from the replica (`replica_reads` marks
them): a replica may lag a little, so whoever has a session, posts a form or
works in a transaction reads the primary and sees their own writes.
"""

import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_replica_reads = contextvars.ContextVar("clarion_replica_reads", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or REPLICA not in settings.DATABASES:
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def reads_from_replica(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(("/admin/", "/django-admin/"))


def replica_reads(get_response):
    """Middleware: let the router use the replica while this request runs."""

    def middleware(request):
        token = _replica_reads.set(reads_from_replica(request))
        try:
            return get_response(request)
        finally:
            _replica_reads.reset(token)

    return middleware
