"""The public shape of each record in the API: stable field names, every
translated text as {language: text}, sources beside the figures, and nothing
about a person (no names of signers, organisers or guests, no addresses of
people, no e-mails)."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from clarion.api.http import BadRequest
from clarion.lib.countries import is_country


def site(path):
    return f"{settings.SITE_URL}{path}"


def source_of(row):
    return {
        "outlet": row.source_outlet,
        "date": row.source_date,
        "title": getattr(row, "source_title", ""),
        "title_is_headline": getattr(row, "source_headline", False),
        "url": getattr(row, "source_url", ""),
    }


def country_param(request):
    country = request.GET.get("country", "").upper()
    if country and not is_country(country):
        raise BadRequest(_("Unknown country code; use ISO 3166-1 alpha-2, like FR."))
    return country


def date_param(request, name):
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(_("%(name)s must be a date like 2008-05-08.") % {"name": name}) from None


def choice_param(request, name, choices):
    value = request.GET.get(name, "")
    if value and value not in dict(choices):
        raise BadRequest(
            _("%(name)s must be one of: %(choices)s.")
            % {"name": name, "choices": ", ".join(dict(choices))}
        )
    return value


def language_param(request):
    language = request.GET.get("lang", "en")
    if language not in dict(settings.LANGUAGES):
        raise BadRequest(
            _("lang must be one of: %(choices)s.")
            % {"choices": ", ".join(dict(settings.LANGUAGES))}
        )
    return language


# Petitions


def petitions():
    from clarion.petitions.models import Petition

    return Petition.objects.prefetch_related("targets")


def petition(row):
    from clarion.petitions.models import Delivery

    deliveries = (
        Delivery.objects.filter(petition=row, test=False)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    delivered = {status: 0 for status, _label in Delivery.STATUSES}
    delivered.update({d["status"]: d["n"] for d in deliveries})
    reached = (
        Delivery.objects.filter(petition=row, test=False, status=Delivery.SENT)
        .values("target")
        .distinct()
        .count()
    )
    return {
        "slug": row.slug,
        "title": row.title,
        "text": row.text,
        "mode": row.mode,
        "open": row.is_open(),
        "opens_at": row.opens_at,
        "closes_at": row.closes_at,
        "deliver_on": row.deliver_on,
        "goal": row.goal,
        "signatures": row.shown_count(),
        "targets": [
            {
                "key": t.key,
                "name": t.name,
                "kind": t.kind,
                "organisation": t.organisation,
                "country": t.country,
                "role": t.role,
            }
            for t in row.targets.all()
        ],
        "delivery": delivered | {"targets_reached": reached},
        "url": site(f"/en/petitions/{row.slug}/"),
    }


def filtered(request, found, field, choices, *, since, until):
    """The filters the lists share: ?country=, ?<field>= (one of `choices`), and
    ?from= / ?to= dates, looked up as `since` and `until`."""
    country = country_param(request)
    if country:
        found = found.filter(country=country)
    value = choice_param(request, field, choices)
    if value:
        found = found.filter(**{field: value})
    start, end = date_param(request, "from"), date_param(request, "to")
    if start:
        found = found.filter(**{since: start})
    if end:
        found = found.filter(**{until: end})
    return found


# Events


def events(request):
    from clarion.events.models import Event

    found = Event.objects.filter(status=Event.APPROVED).select_related("news_page")
    return filtered(request, found, "type", Event.TYPES,
                    since="ends_at__date__gte", until="starts_at__date__lte")  # fmt: skip


def event(row):
    located = row.latitude is not None and row.longitude is not None
    return {
        "id": row.pk,
        "type": row.type,
        "title": row.title,
        "description": row.description,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "time_zone": row.time_zone,
        "venue": row.address,
        "city": row.city,
        "country": row.country,
        "latitude": float(row.latitude) if located else None,
        "longitude": float(row.longitude) if located else None,
        "online_url": row.online_url,
        "language": row.language,
        "url": site(row.url_in("en")),
    }


def event_feature(row):
    properties = event(row)
    point = [properties.pop("longitude"), properties.pop("latitude")]
    return {
        "type": "Feature",
        "id": row.pk,
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


# News


def news(request):
    from clarion.content.models import NewsItemPage

    language = language_param(request)
    found = (
        NewsItemPage.objects.live()
        .filter(locale__language_code=language)
        # An alias (an item not yet translated) shows its English page's text:
        # joined here, so a list of aliases costs no query per item.
        .select_related("alias_of__newsitempage__locale", "locale")
    )
    return filtered(request, found, "activity", NewsItemPage.ACTIVITIES,
                    since="date__gte", until="date__lte")  # fmt: skip


def news_item(row):
    text_from = row.alias_of.newsitempage if row.alias_of_id else row
    language = row.locale.language_code
    return {
        "id": row.pk,
        "key": str(row.translation_key),
        "language": language,
        "text_language": text_from.locale.language_code if row.alias_of_id else language,
        "title": text_from.title,
        "summary": text_from.intro,
        "date": row.date,
        "end_date": row.end_date,
        "city": row.city,
        "country": row.country,
        "activity": row.activity,
        "source": source_of(row),
        "url": site(f"/{language}/news/{row.slug}/"),
    }


# Facts, recognition, resources


def facts():
    from clarion.content.models import Fact

    return Fact.objects.prefetch_related("figures")


def fact(row):
    return {
        "key": row.key,
        "topic": row.topic,
        "label": row.label,
        "sources_disagree": row.sources_disagree,
        "figures": [
            {"value": f.value, "qualifier": f.qualifier, "note": f.note, "source": source_of(f)}
            for f in row.figures.all()
        ],
    }


def recognitions():
    from clarion.content.models import RecognitionBody

    return RecognitionBody.objects.all()


def recognition(row):
    return {
        "key": row.key,
        "name": row.name,
        "type": row.type,
        "country": row.country,
        "date": row.date,
        "form": row.form,
        "acted_by": row.acted_by,
        "term": row.term,
        "document": row.document,
        "document_url": row.document_url,
        "source": source_of(row),
    }


def recognition_totals():
    from clarion.content.models import RecognitionTotal

    return [
        {"key": t.key, "claim": t.claim, "count": t.count, "source": source_of(t)}
        for t in RecognitionTotal.objects.all()
    ]


def resources(request):
    from clarion.content.models import Resource

    found = Resource.objects.all()
    kind = choice_param(request, "kind", Resource.KINDS)
    return found.filter(kind=kind) if kind else found


def resource(row):
    return {
        "key": row.key,
        "kind": row.kind,
        "title": row.title,
        "creator": row.creator,
        "year": row.year,
        "description": row.description,
        "source": source_of(row),
    }
