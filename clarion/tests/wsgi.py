"""Calling the WSGI layers of clarion/wsgi.py directly, as a web server would."""

import io

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

ORIGIN = "http://testserver"


def environ_for(method, path, body=b"", **extra):
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.9", "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(), "HTTP_ORIGIN": ORIGIN,
    } | extra  # fmt: skip


def call(application, environ):
    """(status, headers as a dict, body bytes) of one request."""
    seen = {}

    def start_response(status, headers):
        seen.update(status=status, headers=dict(headers))

    # As Django's test client does: keep the test's connection (and its
    # transaction) open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body
