from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "clarion.press"
    label = "press"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.lib import personal_data
        from clarion.press import privacy

        personal_data.register(
            "press",
            label=_("Press enquiries and coverage you reported"),
            export=privacy.export,
            erase=privacy.erase,
        )
