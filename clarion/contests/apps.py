from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "clarion.contests"
    label = "contests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.contests import entries
        from clarion.contests.models import Entry
        from clarion.contributions import kinds
        from clarion.lib import personal_data
        from clarion.ops import periodic

        kinds.register(Entry.KIND, _("Contest entry"))
        periodic.register(entries.forget_unconfirmed, seconds=3600)
        personal_data.register(
            "contests", label=_("Contest entries"), export=entries.export, erase=entries.erase
        )
