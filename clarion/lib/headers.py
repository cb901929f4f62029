"""The security headers of an answer, the same on every path.

The WSGI fast paths (the counter, the sign POST) answer before Django's
middleware runs. So that their answers carry exactly the headers Django's
would, the headers are taken from Django's own security middlewares
(SecurityMiddleware: nosniff, Referrer-Policy, HSTS on HTTPS, COOP;
XFrameOptionsMiddleware; django-csp's CSPMiddleware) run once on an empty
answer, and kept until a setting changes.
"""

import io
from functools import cache

from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils.module_loading import import_string

MIDDLEWARES = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
)
NAMES = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


@cache
def _headers(https):
    from django.conf import settings

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "localhost",
               "SERVER_PORT": "443" if https else "80", "wsgi.input": io.BytesIO(),
               "wsgi.url_scheme": "https" if https else "http"}  # fmt: skip
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and https:
        environ[proxy[0]] = proxy[1]
    request = WSGIRequest(environ)
    response = HttpResponse()
    for path in MIDDLEWARES:
        response = import_string(path)(lambda _request, answer=response: answer)(request)
    return tuple((name, response[name]) for name in NAMES if response.has_header(name))


def security_headers(environ):
    """[(name, value)] for a WSGI environ's answer, as Django's middleware sets them."""
    https = environ.get("wsgi.url_scheme") == "https"
    from django.conf import settings

    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and environ.get(proxy[0]) == proxy[1]:
        https = True
    return list(_headers(https))


def _forget(**_kwargs):
    _headers.cache_clear()


setting_changed.connect(_forget)
