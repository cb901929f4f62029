"""The sign POST, answered before Django's middleware.

On a day of mass action most writes are signatures. Django's full request
cycle (a dozen middlewares, URL resolving) costs about as much CPU as
validating and storing the signature itself, and an accepted signature needs
none of it: no session, no user, no page. This WSGI wrapper handles
`POST /<lang>/join/` itself when the request comes from this site and the form
is valid, and answers 303 once the signature is committed. Everything else —
errors to show next to the fields, a foreign Origin, a host Django would
refuse, a database error — falls through to Django with the body restored, so
Django answers exactly as it always does.
"""

import io
import logging
import re

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections, connection
from django.utils import translation
from django.utils.module_loading import import_string

from clarion.lib.headers import security_headers
from clarion.lib.origin import is_same_origin

log = logging.getLogger(__name__)


class SignFastPath:
    """Answers `POST /<lang>/<path>` with `accept`, the app's own handling of
    the POST (a dotted path, imported once Django is set up): accept(request)
    -> (303 answer or None, form)."""

    def __init__(self, application, *, accept, path):
        self.application, self.accept = application, import_string(accept)
        languages = "|".join(code for code, _name in settings.LANGUAGES)
        self.path = re.compile(rf"^/({languages})/{re.escape(path)}$")

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST":
            match = self.path.match(environ.get("PATH_INFO", ""))
            if match:
                answered = self.sign(environ, match[1])
                if answered is not None:
                    status, headers = answered
                    start_response(status, headers)
                    return [b""]
        return self.application(environ, start_response)

    def sign(self, environ, language):
        request = WSGIRequest(environ)
        try:
            request.get_host()
            body = request.body
        except (DisallowedHost, RequestDataTooBig):
            return None  # Django gives its own 400 (the body is not read yet)
        environ["wsgi.input"] = io.BytesIO(body)  # whatever happens, Django can read it
        if not is_same_origin(request):
            return None
        try:
            with translation.override(language):
                response, _form = self.accept(request)
        except Exception:  # nothing was stored: Django tries again and answers
            log.exception("sign fast path failed; handing the request to Django")
            environ["wsgi.input"] = io.BytesIO(body)
            return None
        finally:
            # What Django's request signals would do, for less: drop a connection
            # that broke or grew too old, but never inside a transaction (a
            # test's), as the test client does by unhooking those signals.
            if not connection.in_atomic_block:
                close_old_connections()
        if response is None:
            environ["wsgi.input"] = io.BytesIO(body)
            return None
        return "303 See Other", [
            ("Location", response["Location"]),
            ("Content-Length", "0"),
            ("Cache-Control", "no-store"),
            *security_headers(environ),
        ]
