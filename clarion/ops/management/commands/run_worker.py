import logging
import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from clarion.ops import periodic


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

    def handle(self, *args, no_periodic=False, **options):
        stop = threading.Event()
        if not no_periodic:
            periodic.start_thread(stop)
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
