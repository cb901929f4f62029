import itertools

from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.network.models import Area, Role
from clarion.network.roles import COORDINATORS
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"
_numbers = itertools.count(1)


def area(level, name, countries="", city=""):
    return Area.objects.create(level=level, name=name, countries=countries, city=city)


def coordinator(username, *areas):
    """A staff account in the Coordinators group with a role in each area."""
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    for each in areas:
        Role.objects.create(user=user, area=each)
    return user


def signature(name, country, city="", **fields):
    n = next(_numbers)
    values = {
        "name": name,
        "email": f"person{n}@example.org",
        "email_canonical": f"person{n}@example.org",
        "country": country,
        "city": city,
        "status": Signature.CONFIRMED,
        "confirmed_at": timezone.now(),
    }
    values.update(fields)
    return Signature.objects.create(**values)


@override_settings(SITE_URL=ORIGIN)
class NetworkTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def post(self, url, data, **extra):
        return self.client.post(url, data, HTTP_ORIGIN=ORIGIN, **extra)
