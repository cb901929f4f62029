from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clarion.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from clarion.api import partners, series
        from clarion.lib import personal_data
        from clarion.ops import periodic

        periodic.register(series.rollup_periodically, seconds=600)
        personal_data.register(
            "partners",
            label=_("Signatures sent by partner sites"),
            export=partners.export,
            erase=partners.erase,
        )
