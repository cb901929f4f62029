from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "clarion.ops"
    label = "ops"

    def ready(self):
        from clarion.ops import checks, periodic, workers  # noqa: F401 (checks register)

        periodic.register(workers.recover, seconds=10)
