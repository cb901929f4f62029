from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "clarion.contributions"
    label = "contributions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from clarion.contributions import privacy
        from clarion.contributions.models import forget_old_drafts
        from clarion.lib import personal_data
        from clarion.ops import periodic

        periodic.register(forget_old_drafts, seconds=3600)
        personal_data.register(
            "contributions",
            label=_("Image messages and letters"),
            export=privacy.export,
            erase=privacy.erase,
        )
