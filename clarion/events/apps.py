from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "clarion.events"
    label = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.content import upcoming, ways
        from clarion.content.loader import pack_loaded
        from clarion.events import agenda, invitations, news, rsvps, views
        from clarion.ops import periodic

        ways.register("events", views.calendar_page)
        upcoming.register_source(agenda.upcoming_for_home)
        pack_loaded.connect(news.sync_from_pack, dispatch_uid="events-from-news")
        periodic.register(rsvps.send_reminders, seconds=300)
        periodic.register(invitations.send_due, seconds=60)
