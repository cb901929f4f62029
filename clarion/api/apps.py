from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clarion.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.api import series
        from clarion.ops import periodic

        periodic.register(series.rollup_periodically, seconds=600)
