"""iCalendar (RFC 5545) for one event and for the calendar feed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Clarion//events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event, language):
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    url = f"{settings.SITE_URL}{event.url_in(language)}"
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.description}\n\n{url}".strip())
    vevent.add("url", url)
    place = ", ".join(p for p in (event.address, event.city, event.country_name) if p)
    if place or event.online_url:
        vevent.add("location", place or event.online_url)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    vevent.add("status", "CANCELLED" if event.status == event.CANCELLED else "CONFIRMED")
    return vevent


def render(events, name, language):
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, language))
    calendar.add_missing_timezones()  # VTIMEZONE for each zone used
    return calendar.to_ical()
