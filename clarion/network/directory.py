"""The public coordinators directory: the areas that have a coordinator, and a
contact form that mails them without ever showing their address."""

import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from clarion.lib.countries import country_name
from clarion.network.models import Area, Role
from clarion.outbox.models import Mail

LEVEL_ORDER = [Area.GLOBAL, Area.REGION, Area.COUNTRY, Area.CITY]


def listed_areas():
    """Areas with at least one listed coordinator whose account is active."""
    roles = Role.objects.filter(listed=True, user__is_active=True).exclude(user__email="")
    return Area.objects.filter(pk__in=roles.values("area")).order_by("name")


def by_level():
    """[(level, [area, …]), …] in the order global, regions, countries, cities."""
    groups = {level: [] for level in LEVEL_ORDER}
    for area in listed_areas():
        area.country_names = [country_name(c) for c in area.country_list()]
        groups[area.level].append(area)
    return [(level, areas) for level, areas in groups.items() if areas]


def coordinators_of(area):
    roles = Role.objects.filter(area=area, listed=True, user__is_active=True)
    return [role.user for role in roles.select_related("user").exclude(user__email="")]


def send(area, data, *, language):
    """Queue one mail to each coordinator of the area; Reply-To is the sender.
    The same message sent twice in an hour is queued once."""
    now = timezone.now()
    digest = hashlib.sha256(
        f"{data['email']}\x00{data['message']}\x00{now:%Y%m%d%H}".encode()
    ).hexdigest()[:16]
    subject = f"[{area.name}] {data['name']}"[:200]
    body = render_to_string(
        "network/mail/contact.txt", {"area": area, "data": data, "language": language}
    )
    mails = [
        Mail(key=f"contact:{area.pk}:{user.pk}:{digest}", to=user.email, subject=subject,
             body=body, headers={"Reply-To": data["email"]})
        for user in coordinators_of(area)
    ]  # fmt: skip
    with transaction.atomic():
        Mail.queue_many(mails)
    return len(mails)
