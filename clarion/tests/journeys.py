"""The site as `make run` starts it, for the journey tests.

`bin/setup` then `bin/serve` (granian and the task worker, the shipped
defaults: group commit, the page cache, live numbers), in a fresh database of
the engine the suite runs on, with mail going to a real SMTP server (aiosmtpd)
in this process. Nothing here changes how the site runs: only where its
database, files and mail go.
"""

import email
import email.policy
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# Variables of the test run that `make run` would not have.
NOT_FOR_THE_SITE = ("ENVIRONMENT", "TEST_NOW", "TEST_SQLITE_NAME", "DJANGO_SETTINGS_MODULE")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An SMTP server that keeps what it is sent; tests wait for a mail."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append((envelope.rcpt_tos, message))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, to, subject_part="", timeout=60):
        """The first mail to `to` (with `subject_part` in its subject) not taken
        before; waits for the worker to send it."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                for i, (rcpt, message) in enumerate(self.messages):
                    if to in rcpt and subject_part in str(message["Subject"]):
                        return self.messages.pop(i)[1]
                left = deadline - time.monotonic()
                if left <= 0:
                    subjects = [(r, str(m["Subject"])) for r, m in self.messages]
                    raise AssertionError(f"no mail to {to} ({subject_part!r}); have {subjects}")
                self.arrived.wait(left)

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def body_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


def links_in(message, base_url):
    return [
        url for url in re.findall(r"https?://\S+", body_of(message)) if url.startswith(base_url)
    ]


class ShippedSite:
    def __init__(self, workdir, inbox, database_url):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log = self.workdir / "serve.log"
        self.process = None
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_THE_SITE}
        self.env.update(
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            HOST="127.0.0.1",
            PORT=str(self.port),
            DATABASE_URL=database_url,
            EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
            MEDIA_ROOT=str(self.workdir / "media"),
            STATIC_ROOT=str(self.workdir / "static"),
            PETITIONS_PACKAGE_DIR=str(self.workdir / "packages"),
            PAGE_CACHE_GENERATION_FILE=str(self.workdir / "page-generation"),
            PYTHONUNBUFFERED="1",
        )

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip

    def setup(self):
        subprocess.run(
            ["bin/setup"], cwd=BASE_DIR, env=self.env | {"PYTHON": sys.executable}, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self, timeout=60):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["bin/serve"], cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"the site did not start: {self.log.read_text()[-3000:]}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def query(self, sql, *params):
        """Rows from the site's database (written with %s placeholders)."""
        if self.database_url.startswith("sqlite"):
            path = self.database_url.removeprefix("sqlite:///")
            with sqlite3.connect(path, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://")) as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def value(self, sql, *params):
        rows = self.query(sql, *params)
        return rows[0][0] if rows else None

    def wait_until(self, sql, *params, expected=True, timeout=30):
        """Polls the database until the query's first value is `expected`
        (the worker's jobs run every few seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.value(sql, *params)
            if found == expected or time.monotonic() > deadline:
                return found
            time.sleep(0.3)


def fresh_database(url, name):
    """A new empty database beside the one the suite runs on."""
    if not url.startswith("postgres"):
        return None
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://"),
                         autocommit=True) as db:  # fmt: skip
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
