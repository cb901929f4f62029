"""What every public read of /api/v1/ shares: GET only, CORS for any origin, a
limit per address, a short server-side cache of the body, and an ETag so a
client that already has the body gets 304 Not Modified.

A view decorated with `public_read` returns plain data (dict or list); the
decorator renders it once per cache period and serves the bytes from then on.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from clarion.lib.clientip import client_ip, ip_hash
from clarion.supporters import limits

ALLOWED = "GET, HEAD, OPTIONS"
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
        "X-Content-Type-Options": "nosniff"}  # fmt: skip


class BadRequest(Exception):
    """Bad input to the API: answered 400 with this message."""


def error(message, status):
    response = JsonResponse({"error": message}, status=status)
    return with_cors(response)


def with_cors(response):
    for name, value in CORS.items():
        response[name] = value
    return response


def over_limit(request, scope="read"):
    """Counts this request against its address's limit; True when over it."""
    allowed = settings.API_RATE_LIMIT_PER_MINUTE
    if not allowed:
        return False
    key = f"api:{scope}:{ip_hash(client_ip(request))}"
    return limits.hit(key, 60) > allowed


def body_key(full_path):
    """The cache key of a read's rendered body: its path and query."""
    return "api:body:" + hashlib.blake2b(full_path.encode(), digest_size=16).hexdigest()


def cache_headers(rendered, ttl):
    control = f"public, max-age={ttl}, stale-while-revalidate={ttl * 6}"
    return {"ETag": rendered["etag"], "Cache-Control": control}


def not_modified(if_none_match, rendered):
    return if_none_match in (rendered["etag"], "W/" + rendered["etag"])


def render(data, content_type):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    body = body.encode()
    return {"body": body, "etag": f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
            "type": content_type}  # fmt: skip


def public_read(view=None, *, content_type="application/json", seconds=None):
    """GET/HEAD (and the CORS preflight) for a read-only API view returning data."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = with_cors(HttpResponse(status=204))
                response["Access-Control-Allow-Methods"] = ALLOWED
                response["Access-Control-Allow-Headers"] = "If-None-Match"
                response["Access-Control-Max-Age"] = "86400"
                return response
            if request.method not in ("GET", "HEAD"):
                response = error(_("This address only answers GET."), 405)
                response["Allow"] = ALLOWED
                return response
            if over_limit(request):
                response = error(_("Too many requests from your address; wait a minute."), 429)
                response["Retry-After"] = "60"
                return response
            key = body_key(request.get_full_path())
            rendered = cache.get(key)
            if rendered is None:
                try:
                    data = view(request, *args, **kwargs)
                except BadRequest as problem:
                    return error(str(problem), 400)
                ttl = settings.API_CACHE_SECONDS if seconds is None else seconds
                rendered = render(data, content_type) | {"seconds": ttl}
                if ttl:
                    cache.set(key, rendered, ttl)
            return respond(request, rendered, seconds)

        return wrapper

    return decorate(view) if view is not None else decorate


def respond(request, rendered, seconds=None):
    ttl = settings.API_CACHE_SECONDS if seconds is None else seconds
    if not_modified(request.headers.get("If-None-Match", ""), rendered):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(rendered["body"], content_type=rendered["type"])
    for name, value in cache_headers(rendered, ttl).items():
        response[name] = value
    return with_cors(response)


def query_int(request, name, default, low, high):
    """An integer parameter within [low, high], else BadRequest."""
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= value <= high:
        raise BadRequest(
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return value
