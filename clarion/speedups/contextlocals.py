"""Django's per-request state (active language, time zone, URL prefix) without
a process-wide lock on every read.

Django keeps that state in asgiref's Local, which since asgiref 3.9 takes one
RLock, shared by every thread of the process, on each read and write. A sign
POST reads the active language a dozen times; with 32 WSGI threads the lock
is contended, and a thread that loses the GIL while holding it stalls the
others. Under the lock is asgiref's own context-variable storage: a
contextvars.Context is entered by one thread at a time (Python refuses
otherwise), so reading it needs no lock. The web processes (clarion.wsgi) swap
the storage in at start-up, before any request has set a value.
"""


def _storage():
    try:
        from asgiref.local import _CVar
    except ImportError:  # another asgiref: keep Django's defaults
        return None
    return _CVar


def places():
    """(module, attribute) of each Local that Django reads per request."""
    from django.urls import base as urls
    from django.utils import timezone
    from django.utils.translation import trans_real

    return [(trans_real, "_active"), (timezone, "_active"), (urls, "_prefixes"),
            (urls, "_urlconfs")]  # fmt: skip


def unlock():
    """Replace Django's shared-lock Locals by lock-free ones; returns how many."""
    storage = _storage()
    if storage is None:
        return 0
    swapped = 0
    for module, name in places():
        if type(getattr(module, name)).__name__ == "_DefaultLocal":
            setattr(module, name, storage())
            swapped += 1
    return swapped
