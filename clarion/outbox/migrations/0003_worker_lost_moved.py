"""The "worker lost" failure moved with mail recovery from clarion.scaleout to
clarion.outbox: task results that name the old path name the new one, so the
admin can still show why they failed."""

from django.db import migrations

OLD, NEW = "clarion.scaleout.recovery.WorkerLost", "clarion.outbox.recovery.WorkerLost"


def rename(old, new):
    def run(apps, schema_editor):
        results = apps.get_model("django_tasks_database", "DBTaskResult").objects
        results.filter(exception_class_path=old).update(exception_class_path=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_mail_claimed_by"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
