import logging
import os
import threading
import time

from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

from clarion.ops import periodic, workers

log = logging.getLogger("clarion.ops.worker")


class DatabaseAway(Exception):
    """The database went away while a task ran; the task is run again later."""


class Worker(db_worker.Worker):
    """django-tasks-db's worker, made to outlive its database: when the database
    goes away (a PostgreSQL restart, a network cut) it waits and tries again
    with back-off (0.5 s doubling to 10 s) instead of exiting, and then takes
    back the task it was running, which runs again. It registers itself and
    writes a heartbeat (clarion/ops/workers.py), and as it starts it takes back
    what dead workers left."""

    MAX_PAUSE = 10.0

    def run(self):
        pause = 0.5
        stop = threading.Event()
        try:
            while self.running:
                began = time.monotonic()
                try:
                    workers.register(self.worker_id)
                    workers.recover_own(self.worker_id)
                    workers.recover()
                    if not stop.is_set() and not getattr(self, "_beating", False):
                        workers.start_heartbeat(self.worker_id, stop)
                        self._beating = True
                    super().run()
                    return
                except (OperationalError, InterfaceError, DatabaseAway) as error:
                    if time.monotonic() - began > 60:
                        pause = 0.5  # it had been working: start the back-off afresh
                    log.warning("database unavailable (%s); trying again in %.1f s",
                                str(error).strip()[:200], pause)  # fmt: skip
                    connections.close_all()
                    self.startup_delay = False
                    time.sleep(pause)
                    pause = min(self.MAX_PAUSE, pause * 2)
        finally:
            stop.set()
            try:
                workers.stopped(self.worker_id)
            except (OperationalError, InterfaceError):
                pass  # the others will find this worker dead by its heartbeat

    def run_task(self, db_task_result):
        # A task that loses the database is not "failed": it stays running in
        # this worker's name, and recover_own() makes it ready again.
        original = db_task_result.set_failed

        def set_failed(error):
            if isinstance(error, (OperationalError, InterfaceError)) and not (
                is_locked_database_exception(error)
            ):
                raise DatabaseAway(str(error)) from error
            return original(error)

        db_task_result.set_failed = set_failed
        return super().run_task(db_task_result)


class Command(DbWorkerCommand):
    """The database task worker, plus the recurring jobs (counters, reminders,
    expiry) in a thread beside it.

    Loading a content pack enqueues thousands of small index updates; at -v1
    only warnings and failures are printed, -v2 shows every task.
    """

    help = "Run the task worker (django-tasks database backend) and the periodic jobs."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-periodic", action="store_true", help="tasks only")

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in ("django_tasks_db", "django_tasks", "django.tasks"):
                logging.getLogger(name).setLevel(logging.WARNING)
        if not log.hasHandlers() and not logging.getLogger().hasHandlers():
            logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")

    def handle(self, *args, no_periodic=False, **options):
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        stop = threading.Event()
        if not no_periodic:
            periodic.start_thread(stop)
        try:
            if options["reload"] and not options["batch"]:
                if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                    worker.configure_signals()
                run_with_reloader(worker.run)
            else:
                worker.configure_signals()
                worker.run()
        finally:
            stop.set()
