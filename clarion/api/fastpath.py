"""The API's cached reads, answered before Django's middleware.

On a day of mass action most requests are for the counter. Its body is
rendered once every STATS_CACHE_SECONDS and kept as bytes; this WSGI wrapper
answers from those bytes, and falls through to Django (which renders and
stores them) when they have expired. The other reads of /api/v1/ are answered
the same way while Django's rendering of them is cached (clarion.api.http):
counted against the address's limit, with the same headers and ETag, 304 when
the client has the body. Anything else (a first read, a host Django would
refuse, an address over its limit, a database the limit needs) goes to Django.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest

from clarion.api import http
from clarion.lib.headers import security_headers

STATS_PATH = "/api/v1/stats.json"
BODY_KEY = "api:stats-body:v1"
CACHE_CONTROL = "public, max-age=5, stale-while-revalidate=30"


def stats_body():
    from clarion.content.numbers import current_stats

    body = cache.get(BODY_KEY)
    if body is None:
        body = json.dumps(current_stats(), separators=(",", ":")).encode()
        cache.set(BODY_KEY, body, settings.STATS_CACHE_SECONDS)
    return body


def headers(body, environ=None):
    return [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", CACHE_CONTROL),
        ("Access-Control-Allow-Origin", "*"),
        *security_headers(environ or {}),
    ]


class StatsFastPath:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") == STATS_PATH and method in ("GET", "HEAD"):
            body = cache.get(BODY_KEY)
            if body is not None:
                start_response("200 OK", headers(body, environ))
                return [] if method == "HEAD" else [body]
        elif method in ("GET", "HEAD") and environ.get("PATH_INFO", "").startswith(READS):
            answered = cached_read(environ)
            if answered is not None:
                status, response_headers, body = answered
                start_response(status, response_headers)
                return [] if method == "HEAD" else [body]
        return self.application(environ, start_response)


READS = "/api/v1/"


def cached_read(environ):
    """(status, headers, body) of a read whose rendering is cached, or None."""
    request = WSGIRequest(environ)
    rendered = cache.get(http.body_key(request.get_full_path()))
    if rendered is None:
        return None
    try:
        request.get_host()
        if http.over_limit(request):
            return None  # Django answers 429, in the reader's language
    except Exception:  # noqa: BLE001 (a refused host, a cache that is down: Django answers)
        return None
    ttl = rendered.get("seconds", settings.API_CACHE_SECONDS)
    found = http.CORS | http.cache_headers(rendered, ttl)
    found |= dict(security_headers(environ))
    if http.not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), rendered):
        status, body = "304 Not Modified", b""
    else:
        status, body = "200 OK", rendered["body"]
        found["Content-Type"] = rendered["type"]
    found["Content-Length"] = str(len(body))
    return status, list(found.items()), body
