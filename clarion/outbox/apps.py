from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "clarion.outbox"
    label = "outbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.ops import periodic
        from clarion.outbox import recovery, retention

        periodic.register(retention.run, seconds=3600)
        periodic.register(recovery.requeue_orphaned_mail, seconds=60)
