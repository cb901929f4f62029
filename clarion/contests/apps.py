from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "clarion.contests"
    label = "contests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.contests import entries
        from clarion.lib import personal_data

        personal_data.register(
            "contests", label=_("Contest entries"), export=entries.export, erase=entries.erase
        )
