"""While the database (or Redis) is unreachable, for example during a restart,
answer 503 with a page that offers to send the same form again, instead of a
500 that loses what the person typed. The site recovers by itself: the next
request opens a new connection."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency
    UNAVAILABLE = (OperationalError, InterfaceError)


def kept_fields(request):
    """The POSTed fields to send again, passwords left out."""
    if request.method != "POST":
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # an unreadable body: nothing to keep
        return []
    return [
        (name, value)
        for name, values in items
        if "password" not in name.lower()
        for value in values
    ]


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        context = {
            "language": translation.get_language() or "en",
            "bidi": translation.get_language_bidi(),
            "action": request.get_full_path(),
            "fields": kept_fields(request),
            "had_files": request.method == "POST" and bool(request.FILES),
            "retry_after": RETRY_AFTER_SECONDS,
        }
        # No request in the context: context processors would need the database.
        html = render_to_string("ops/try_again.html", context)
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
