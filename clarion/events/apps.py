from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "clarion.events"
    label = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from clarion.content import upcoming
        from clarion.content.loader import pack_loaded
        from clarion.contributions import kinds
        from clarion.events import agenda, news, privacy, rsvps
        from clarion.events.models import Photo
        from clarion.lib import personal_data
        from clarion.ops import periodic

        upcoming.register_source(agenda.upcoming_for_home)
        pack_loaded.connect(news.sync_from_pack, dispatch_uid="events-from-news")
        periodic.register(rsvps.send_reminders, seconds=300)
        periodic.register(privacy.anonymise_old_rsvps, seconds=3600)
        kinds.register(Photo.KIND, _("Event photo"))
        personal_data.register(
            "events",
            label=_("Event registrations and proposals"),
            export=privacy.export,
            erase=privacy.erase,
        )
