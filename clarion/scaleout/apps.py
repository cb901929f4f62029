from django.apps import AppConfig


class ScaleoutConfig(AppConfig):
    name = "clarion.scaleout"
    label = "scaleout"

    def ready(self):
        from clarion.ops import periodic
        from clarion.scaleout import recovery

        periodic.register(recovery.requeue_orphaned_mail, seconds=60)
