from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "clarion.outreach"
    label = "outreach"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from anymail.signals import tracking
        from django.utils.translation import gettext_lazy as _

        from clarion.content import live
        from clarion.lib import personal_data
        from clarion.ops import periodic
        from clarion.outreach import milestones, privacy, sending, suppression

        periodic.register(sending.start_due, seconds=30)
        periodic.register(sending.recover, seconds=60)
        periodic.register(milestones.draft_due, seconds=60)
        live.register("milestone", milestones.live_part)
        tracking.connect(suppression.tracked, dispatch_uid="outreach-suppression")
        personal_data.register(
            "outreach",
            label=_("Newsletters sent to you and your mail preferences"),
            export=privacy.export,
            erase=privacy.erase,
        )
