"""A real SMTP server (aiosmtpd) for a test, with Django's mail sent to it."""

import email
import socket

from aiosmtpd.controller import Controller
from django.test import override_settings


class Inbox:
    def __init__(self):
        self.messages = []
        self.peers = set()  # (address, port) of each client connection that sent mail

    async def handle_DATA(self, server, session, envelope):
        self.peers.add(session.peer)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp(test):
    """Start a server for `test` (stopped at its end; `test.controller` and
    `test.port` let it stop and start the server); returns its Inbox."""
    inbox = Inbox()
    test.port = free_port()
    test.controller = Controller(inbox, hostname="127.0.0.1", port=test.port)
    test.controller.start()
    test.addCleanup(lambda: test.controller.stop())
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=test.port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
    )
    smtp.enable()
    test.addCleanup(smtp.disable)
    return inbox
