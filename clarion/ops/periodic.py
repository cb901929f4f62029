"""Small recurring jobs (folding counters, reminders, expiry), run by the worker.

Every job must be safe to run in several workers at once: each one claims its
rows with conditional updates or locks, so running twice does nothing twice.
Apps register their jobs in AppConfig.ready() (a registry: the worker runs
every app's jobs and must not import each app to find them).
"""

import logging
import threading
import time

from django.db import close_old_connections

log = logging.getLogger(__name__)
_jobs = []


def register(function, seconds):
    _jobs.append({"function": function, "every": seconds, "next": 0.0})


def run_due(now=None):
    """Run every job whose time has come; returns the names of those run."""
    now = now or time.monotonic()
    ran = []
    for job in _jobs:
        if now >= job["next"]:
            job["next"] = now + job["every"]
            try:
                job["function"]()
                ran.append(job["function"].__name__)
            except Exception:  # one failing job must not stop the others
                log.exception("periodic job %s failed", job["function"].__name__)
            finally:
                close_old_connections()
    return ran


def run_all():
    for job in _jobs:
        job["function"]()


def start_thread(stop_event, tick=1.0):
    def loop():
        while not stop_event.is_set():
            run_due()
            stop_event.wait(tick)

    thread = threading.Thread(target=loop, name="clarion-periodic", daemon=True)
    thread.start()
    return thread
