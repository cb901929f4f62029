"""Default-deny scoping of the staff admin by area.

Every admin view that lists or changes something located in a country asks
`scope_of(request.user)` and filters with it: superusers and global
coordinators see everything, a regional, national or city coordinator sees
their areas, and staff without a role see nothing. Asking for something
outside one's area is refused (403) and written to Wagtail's log.
"""

from django.db.models import Q
from django.http import HttpResponseForbidden
from wagtail.log_actions import log

from clarion.network.models import Area, Role

DENIED = "clarion.denied"
EXPORTED = "clarion.export"


class Scope:
    def __init__(self, areas=(), everything=False):
        self.areas = list(areas)
        self.everything = everything or any(a.level == Area.GLOBAL for a in self.areas)

    @property
    def is_empty(self):
        return not self.everything and not self.areas

    def countries(self):
        """None for every country, else the set of countries touched."""
        if self.everything:
            return None
        return {c for area in self.areas for c in area.country_list()}

    def q(self, country_field="country", city_field="city"):
        if self.everything:
            return Q()
        where = Q(pk__in=[])
        for area in self.areas:
            where |= area.q(country_field, city_field)
        return where

    def filter(self, queryset, country_field="country", city_field="city"):
        if self.everything:
            return queryset
        if not self.areas:
            return queryset.none()
        return queryset.filter(self.q(country_field, city_field))

    def covers(self, country, city=""):
        return self.everything or any(a.covers(country, city) for a in self.areas)

    def label(self):
        return "all areas" if self.everything else ", ".join(a.name for a in self.areas)


def scope_of(user):
    """The user's scope, computed once per request (cached on the user object)."""
    cached = getattr(user, "_clarion_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(everything=True)
    else:
        scope = Scope(Area.objects.filter(roles__user=user).distinct())
    user._clarion_scope = scope
    return scope


def deny(user, instance, what=""):
    """Log an attempt to reach something outside the user's area; the 403 to answer."""
    log(instance=instance, action=DENIED, user=user, data={"what": what or str(instance)[:200]})
    return HttpResponseForbidden("This lies outside your area.")


def log_export(user, what, rows=None):
    """Every personal-data export is written to Wagtail's log, against the
    account that made it (Reports → Site history)."""
    scope = scope_of(user)
    data = {"what": what, "area": scope.label()}
    if rows is not None:
        data["rows"] = rows
    log(instance=user, action=EXPORTED, user=user, data=data)


def roles_of(user):
    return Role.objects.filter(user=user).select_related("area")
