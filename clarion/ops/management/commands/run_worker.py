import logging

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    """The database task worker, quiet about routine work at the default verbosity.

    Loading a content pack enqueues thousands of small index updates; at -v1
    only warnings and failures are printed, -v2 shows every task.
    """

    help = "Run the task worker (django-tasks database backend)."

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in ("django_tasks_db", "django_tasks", "django.tasks"):
                logging.getLogger(name).setLevel(logging.WARNING)
