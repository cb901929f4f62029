import email
import email.policy
import socket

from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outreach.models import Newsletter, Version
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"
SEND_BATCH = "clarion.outreach.tasks.send_batch"
TEXTS = {
    "en": ("Campaign news", "# The month\n\nWe held 12 events.\n\nSee https://example.org/report"),
    "ru": ("Новости кампании", "Мы провели 12 мероприятий."),
    "ar": ("أخبار الحملة", "نظمنا 12 فعالية."),
}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@override_settings(SITE_URL=ORIGIN, NEWSLETTER_RATE=0, NEWSLETTER_BATCH=500)
class OutreachTestCase(TestCase):
    smtp = True

    def setUp(self):
        super().setUp()
        cache.clear()
        if self.smtp:
            self.start_smtp()

    def start_smtp(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.restart_smtp()
        self.addCleanup(lambda: self.controller.stop())
        smtp = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=5,
        )
        smtp.enable()
        self.addCleanup(smtp.disable)

    def restart_smtp(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def member(self, address, language="en", country="TR", **fields):
        values = {
            "kind": Signature.PERSON,
            "status": Signature.CONFIRMED,
            "name": "Member",
            "email": address,
            "email_canonical": address.lower(),
            "country": country,
            "language": language,
            "wants_news": True,
            "confirmed_at": timezone.now(),
        }
        values.update(fields)
        return Signature.objects.create(**values)

    def newsletter(self, languages=("en", "ru", "ar"), **fields):
        newsletter = Newsletter.objects.create(title="October", **fields)
        for code in languages:
            subject, body = TEXTS.get(code, TEXTS["en"])
            Version.objects.create(newsletter=newsletter, language=code, subject=subject, body=body)
        return newsletter

    def run_batches(self, limit=100):
        """What a worker does: run the batch tasks that are ready (time aside)."""
        from clarion.outreach.tasks import send_batch

        ran = 0
        for _round in range(limit):
            task = DBTaskResult.objects.filter(
                task_path=SEND_BATCH, status=TaskResultStatus.READY
            ).first()
            if task is None:
                return ran
            DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING)
            send_batch.call(*task.args_kwargs["args"])
            DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.SUCCESSFUL)
            ran += 1
        return ran

    def staff(self, **fields):
        user = User.objects.create_superuser("editor", "editor@example.org", "pw", **fields)
        self.client.force_login(user)
        return user

    @staticmethod
    def text_of(message):
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                return part.get_payload(decode=True).decode(part.get_content_charset())
        return ""

    @staticmethod
    def html_of(message):
        for part in message.walk():
            if part.get_content_type() == "text/html":
                return part.get_payload(decode=True).decode(part.get_content_charset())
        return ""
