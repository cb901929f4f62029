"""Who a newsletter goes to: members who opted in and confirmed, narrowed by
language, country, kind and what they did; always without those who stopped
the topic or whose address is suppressed. One row per signature, so an address
in several parts of a segment gets one mail."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from clarion.outreach.models import OptOut, Suppression
from clarion.supporters.models import Signature

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MEMBER_KINDS = ["person", "organisation", "school"]


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
        found = found.filter(wanted)
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


def clean(data, allowed_countries=None):
    """A segment dict from form data, checked; `allowed_countries` (a set, or
    None for every country) limits a coordinator to their area."""
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
    if allowed_countries is not None:
        if not allowed_countries:
            raise SegmentError("You coordinate no country, so you can send to nobody.")
        if not segment["countries"]:
            segment["countries"] = sorted(allowed_countries)
        outside = set(segment["countries"]) - set(allowed_countries)
        if outside:
            raise SegmentError(f"You may only send to your area, not to {', '.join(outside)}.")
        if segment.get("near_event"):
            from clarion.events.models import Event

            event = Event.objects.filter(pk=segment["near_event"]).first()
            if event is None or event.country not in allowed_countries:
                raise SegmentError("That event is outside your area.")
    return segment


def describe(segment):
    parts = []
    for field, label in [("languages", "languages"), ("countries", "countries"),
                         ("kinds", "kinds")]:  # fmt: skip
        if segment.get(field):
            parts.append(f"{label}: {', '.join(segment[field])}")
    for field in ("petition", "attended", "near_event"):
        if segment.get(field):
            parts.append(f"{field.replace('_', ' ')}: #{segment[field]}")
    return "; ".join(parts) or "all members who asked for news"
