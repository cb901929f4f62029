"""Becoming a coordinator: an active volunteer applies for their city or
country; a coordinator at a higher level over that place (or a superuser)
approves, which makes the staff account, the area and the role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from clarion.lib.countries import country_name
from clarion.network.models import Application, Area, Role, Volunteer
from clarion.network.roles import COORDINATORS
from clarion.network.scoping import scope_of

RANK = {Area.CITY: 0, Area.COUNTRY: 1, Area.REGION: 2, Area.GLOBAL: 3}


def apply(volunteer, level, motivation):
    """One waiting application per volunteer; None if they cannot apply."""
    if volunteer.status != Volunteer.ACTIVE or level not in (Area.CITY, Area.COUNTRY):
        return None
    if level == Area.CITY and not volunteer.city:
        return None
    if volunteer.applications.filter(status=Application.WAITING).exists():
        return None
    return Application.objects.create(
        volunteer=volunteer, level=level, country=volunteer.country,
        city=volunteer.city if level == Area.CITY else "", motivation=motivation.strip()[:4000],
    )  # fmt: skip


def may_decide(user, application):
    """Someone whose area covers the place, at a higher level than asked."""
    if user.is_superuser:
        return True
    areas = scope_of(user).areas
    return any(
        RANK[a.level] > RANK[application.level] and a.covers(application.country, application.city)
        for a in areas
    )


def decidable_by(user):
    waiting = Application.objects.filter(status=Application.WAITING).select_related("volunteer")
    return [a for a in scope_of(user).filter(waiting) if may_decide(user, a)]


def area_for(application):
    if application.level == Area.CITY:
        found = Area.objects.filter(
            level=Area.CITY, countries=application.country, city__iexact=application.city
        ).first()
        return found or Area.objects.create(
            level=Area.CITY, name=application.city, countries=application.country,
            city=application.city,
        )  # fmt: skip
    found = Area.objects.filter(level=Area.COUNTRY, countries=application.country).first()
    return found or Area.objects.create(level=Area.COUNTRY, countries=application.country,
                                        name=str(country_name(application.country)))  # fmt: skip


def decide(user, application, approve):
    """Approve (account, area, role) or reject; returns the new staff user or None."""
    if application.status != Application.WAITING or not may_decide(user, application):
        raise PermissionError("not yours to decide")
    with transaction.atomic():
        application.status = Application.APPROVED if approve else Application.REJECTED
        application.decided_by, application.decided_at = user, timezone.now()
        application.save()
        if not approve:
            return None
        volunteer = application.volunteer
        User = get_user_model()
        account = User.objects.filter(email__iexact=volunteer.email).first()
        if account is None:
            account = User.objects.create_user(
                f"coordinator-{volunteer.pk}", volunteer.email, None, is_staff=True
            )
        account.groups.add(Group.objects.get(name=COORDINATORS))
        Role.objects.get_or_create(user=account, area=area_for(application))
    return account
