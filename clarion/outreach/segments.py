"""Who a newsletter goes to: members who opted in and confirmed, narrowed by
language, country, kind and what they did; always without those who stopped
the topic or whose address is suppressed. One row per signature, so an address
in several parts of a segment gets one mail.

Kinds are ticked together (any of them): a person, an organisation, a school,
a volunteer (an active one, clarion.network, matched by mailbox) or a
coordinator (an active account with a role). A coordinator's segment carries
the ids of their areas ("areas"), and members() keeps only the members there
(country, and city for a city role) whatever else the segment says."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from clarion.outreach.models import OptOut, Suppression
from clarion.supporters.models import Signature

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MEMBER_KINDS = ["person", "organisation", "school", "volunteer", "coordinator"]


class SegmentError(ValueError):
    pass


def eligible(topic):
    """Confirmed, opted in, not quarantined, topic not stopped, address not suppressed."""
    stopped = OptOut.objects.filter(signature=OuterRef("pk"), topic=topic)
    suppressed = Suppression.objects.filter(address=OuterRef("email_canonical"), active=True)
    return (
        Signature.news_recipients()
        .exclude(email_canonical__isnull=True)
        .exclude(Exists(stopped))
        .exclude(Exists(suppressed))
    )


def members(segment, topic):
    """The signatures this segment (a dict, as stored on a Newsletter) selects."""
    found = eligible(topic)
    if segment.get("languages"):
        found = found.filter(language__in=segment["languages"])
    if segment.get("countries"):
        found = found.filter(country__in=segment["countries"])
    kinds = segment.get("kinds") or []
    if kinds:
        wanted = Q(pk__in=[])
        if "person" in kinds:
            wanted |= Q(kind=Signature.PERSON)
        if "organisation" in kinds:
            wanted |= Q(kind=Signature.ORGANISATION) & ~Q(organisation_type="school")
        if "school" in kinds:
            wanted |= Q(kind=Signature.ORGANISATION, organisation_type="school")
        if "volunteer" in kinds:
            wanted |= Q(Exists(_volunteers()))
        if "coordinator" in kinds:
            wanted |= Q(email_canonical__in=_coordinator_mailboxes())
        found = found.filter(wanted)
    if "areas" in segment:
        found = _within(found, segment["areas"])
    if segment.get("petition"):
        from clarion.petitions.models import Signer

        signed = Signer.objects.filter(
            signature=OuterRef("pk"), petition_id=segment["petition"], status=Signer.ACTIVE
        )
        found = found.filter(Exists(signed))
    if segment.get("attended"):
        from clarion.events.models import RSVP

        went = RSVP.objects.filter(
            event_id=segment["attended"],
            email_canonical=OuterRef("email_canonical"),
            status=RSVP.GOING,
        )
        found = found.filter(Exists(went))
    if segment.get("near_event"):
        found = _near(found, segment["near_event"], segment.get("near"))
    return found


def _volunteers():
    from clarion.network.models import Volunteer

    return Volunteer.objects.filter(
        email_canonical=OuterRef("email_canonical"), status=Volunteer.ACTIVE
    )


def _coordinator_mailboxes():
    """The canonical addresses of active accounts with a role (a few hundred at most)."""
    from django.contrib.auth import get_user_model

    from clarion.lib.emails import canonical

    users = get_user_model().objects.filter(is_active=True, roles__isnull=False).exclude(email="")
    return sorted({canonical(address) for address in users.values_list("email", flat=True)})


def _within(found, area_ids):
    """Members inside these areas (clarion.network), none if there are none."""
    from clarion.network.models import Area
    from clarion.network.scoping import Scope

    scope = Scope(Area.objects.filter(pk__in=area_ids))
    return scope.filter(found, "country", "city")


def _near(found, event_id, scope):
    """Members in the event's city (when both are known) or in its country."""
    from clarion.events.models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is None or not event.country:
        return found.none()
    found = found.filter(country=event.country)
    if scope == "city" and event.city:
        found = found.filter(city__iexact=event.city.strip())
    return found


def clean(data, scope=None):
    """A segment dict from form data, checked. `scope` (clarion.network.scoping)
    is None for staff who may send anywhere; a coordinator's scope keeps the
    segment to their areas, stored with it so a scheduled send keeps to them too."""
    segment = {
        "languages": sorted(set(data.get("languages") or []) & set(LANGUAGE_CODES)),
        "countries": sorted({c.upper() for c in data.get("countries") or [] if len(c) == 2}),
        "kinds": [k for k in MEMBER_KINDS if k in (data.get("kinds") or [])],
    }
    for field in ("petition", "attended", "near_event"):
        value = data.get(field)
        if value:
            segment[field] = int(value)
    if data.get("near") in ("city", "country"):
        segment["near"] = data["near"]
    if scope is not None and not scope.everything:
        _keep_to(segment, scope)
    return segment


def _keep_to(segment, scope):
    if scope.is_empty:
        raise SegmentError(_("You coordinate no area, so you can send to nobody."))
    allowed = scope.countries()
    if not segment["countries"]:
        segment["countries"] = sorted(allowed)
    outside = set(segment["countries"]) - allowed
    if outside:
        raise SegmentError(
            _("You may only send to your area, not to %(countries)s.")
            % {"countries": ", ".join(sorted(outside))}
        )
    if segment.get("near_event"):
        from clarion.events.models import Event

        event = Event.objects.filter(pk=segment["near_event"]).first()
        if event is None or not scope.covers(event.country, event.city):
            raise SegmentError(_("That event is outside your area."))
    segment["areas"] = sorted(area.pk for area in scope.areas)


def describe(segment):
    parts = []
    for field, label in [("languages", "languages"), ("countries", "countries"),
                         ("kinds", "kinds")]:  # fmt: skip
        if segment.get(field):
            parts.append(f"{label}: {', '.join(segment[field])}")
    for field in ("petition", "attended", "near_event"):
        if segment.get(field):
            parts.append(f"{field.replace('_', ' ')}: #{segment[field]}")
    if segment.get("areas"):
        from clarion.network.models import Area

        names = Area.objects.filter(pk__in=segment["areas"]).values_list("name", flat=True)
        parts.append(f"within: {', '.join(names) or 'no area'}")
    return "; ".join(parts) or "all members who asked for news"
