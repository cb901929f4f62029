from django.http import HttpResponse
from django.views.decorators.http import require_GET

from clarion.api import records, series
from clarion.api.fastpath import headers, stats_body
from clarion.api.http import error, public_read
from clarion.api.openapi import openapi_document
from clarion.api.pagination import page


@require_GET
def stats(request):
    """The counter; usually answered by clarion.api.fastpath before reaching here."""
    body = stats_body()
    response = HttpResponse(body, content_type="application/json")
    for name, value in headers(body, request.META):
        response[name] = value
    return response


@public_read(seconds=3600)
def openapi(request):
    return openapi_document(request)


@public_read
def petitions(request):
    return page(request, records.petitions(), ["-opens_at", "-pk"], records.petition, "petitions")


@public_read
def events(request):
    found = records.events(request)
    return page(request, found, ["starts_at", "pk"], records.event, "events")


@public_read(content_type="application/geo+json")
def events_geojson(request):
    located = records.events(request).filter(latitude__isnull=False, longitude__isnull=False)
    features = [records.event_feature(e) for e in located.order_by("starts_at", "pk")]
    return {"type": "FeatureCollection", "features": features}


@public_read
def news(request):
    return page(request, records.news(request), ["-date", "-pk"], records.news_item, "news")


@public_read
def facts(request):
    return page(request, records.facts(), ["order", "pk"], records.fact, "facts")


@public_read
def recognition(request):
    found = records.recognitions()
    result = page(request, found, ["date", "name", "pk"], records.recognition, "recognition")
    return result | {"totals": records.recognition_totals()}


@public_read
def resources(request):
    found = records.resources(request)
    return page(request, found, ["kind", "title", "pk"], records.resource, "resources")


@public_read
def countries(request):
    from clarion.content.numbers import current_stats

    stats = current_stats(live_page=False)
    ranked = sorted(stats["countries"].items(), key=lambda item: (-item[1], item[0]))
    return {
        "updated_at": stats["updated_at"],
        "countries": [{"country": code, "signatures": n} for code, n in ranked],
    }


@public_read
def timeseries(request):
    interval = records.choice_param(request, "interval", [("day", ""), ("week", "")]) or "day"
    return series.series(
        country=records.country_param(request),
        interval=interval,
        start=records.date_param(request, "from"),
        end=records.date_param(request, "to"),
    )


def not_found(request, *args):
    return error("No such address in the API; see /api/v1/openapi.json.", 404)
