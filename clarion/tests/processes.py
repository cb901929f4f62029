"""Processes started by these tests use the test database itself."""

import email
import socket
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]  # the checkout: bin/, manage.py


def subprocess_database_url():
    """The URL of the database pytest made, for subprocesses (web nodes, workers)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{settings['USER']}{password}@{host}/{settings['NAME']}"


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


class Sink:
    """An SMTP server that keeps the Message-ID of everything it accepted."""

    def __init__(self):
        self.message_ids = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_ports(1)[0])

    async def handle_DATA(self, server, session, envelope):
        self.message_ids.append(email.message_from_bytes(envelope.content)["Message-ID"])
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.controller.port}"
