import datetime
import zoneinfo

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.events.models import Event
from clarion.outbox.models import Mail

ORIGIN = "http://testserver"


def future(days=30, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return day, datetime.time(hour, 0)


def proposal(**fields):
    day, time = future()
    data = {
        "type": "exhibition",
        "title": "Photo exhibition in Lyon",
        "description": "Panels about the campaign and a short film.",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "21:00",
        "time_zone": "Europe/Paris",
        "address": "12 rue Exemple",
        "city": "Lyon",
        "country": "FR",
        "expected_audience": "80",
        "language": "fr",
        "organiser_name": "Camille Martin",
        "organiser_email": "camille@example.org",
        "consent": "on",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def make_event(**fields):
    starts = timezone.now() + datetime.timedelta(days=10)
    values = {
        "type": "rally",
        "title": "Rally in Berlin",
        "status": Event.APPROVED,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "time_zone": "Europe/Berlin",
        "city": "Berlin",
        "country": "DE",
        "language": "de",
        "organiser_name": "Jonas Weber",
        "organiser_email": "jonas@example.org",
        "organiser_canonical": "jonas@example.org",
    }
    values.update(fields)
    return Event.objects.create(**values)


def proposed():
    return Event.objects.filter(source=Event.PROPOSED)


@override_settings(SITE_URL=ORIGIN)
class EventsTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def propose(self, lang="en", **fields):
        return self.client.post(f"/{lang}/events/new/", proposal(**fields), HTTP_ORIGIN=ORIGIN)

    def link_in(self, key_prefix):
        mail = Mail.objects.filter(key__startswith=key_prefix).latest("pk")
        links = [w for w in mail.body.split() if w.startswith("http")]
        return [link.replace(ORIGIN, "") for link in links]

    def zone(self, name):
        return zoneinfo.ZoneInfo(name)
