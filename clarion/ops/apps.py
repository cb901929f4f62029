from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "clarion.ops"
    label = "ops"

    def ready(self):
        from clarion.ops import checks  # noqa: F401 (registers the system checks)
