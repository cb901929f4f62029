"""stats.json straight from the cache, before Django's middleware.

On a day of mass action most requests are for the counter. Its body is
rendered once every STATS_CACHE_SECONDS and kept as bytes; this WSGI wrapper
answers from those bytes, and falls through to Django (which renders and
stores them) when they have expired.
"""

import json

from django.conf import settings
from django.core.cache import cache

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
        return self.application(environ, start_response)
