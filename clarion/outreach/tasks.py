"""One batch of a newsletter, sent over one SMTP connection at the set rate.

Recipients are claimed a few at a time (CLAIM) with one conditional UPDATE, and
the members' addresses read at that moment, so a pause, an unsubscribe, a
suppression or an erasure counts from the next few mails on. Each mail is
recorded as sent as soon as the server has it; its Message-ID is the same on
every attempt, so a server can drop the one duplicate a worker killed between
the two could cause.

Over plain SMTP a mail is bytes made from the parts prepared once per language
(compose.Prepared.as_bytes), and with a server that offers PIPELINING its
MAIL, RCPT and DATA go in one write (RFC 2920): two round trips a mail, not
four. A provider's back-end (django-anymail) gets Django messages as before.
"""

import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.db import connection
from django.utils import timezone
from django_tasks import task

from clarion.lib import rawmail
from clarion.outbox.tasks import backoff
from clarion.outreach import compose, segments, sending, suppression
from clarion.outreach.models import Newsletter, Recipient, Suppression

log = logging.getLogger(__name__)
CLAIM = 20


@task()
def send_batch(newsletter_id, run, first, last):
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None or not _current(newsletter_id, run):
        return "stopped"
    batch = Batch(newsletter, run, first, last)
    try:
        outcome = batch.send()
    finally:
        batch.close()
    sending.finish_if_done(newsletter_id)
    return outcome


def _current(newsletter_id, run):
    return Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.SENDING, run=run).exists()


class Batch:
    def __init__(self, newsletter, run, first, last):
        self.newsletter, self.run, self.first, self.last = newsletter, run, first, last
        self.prepared = compose.prepare(newsletter)
        self.smtp = get_connection(fail_silently=False)
        # Plain SMTP (the default) gets the mail as bytes made from the prepared
        # parts; a provider's back-end (django-anymail) gets Django messages.
        self.raw = rawmail.is_plain_smtp(self.smtp)
        self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        self.sent = 0
        self.started = time.monotonic()

    def send(self):
        while _current(self.newsletter.pk, self.run):
            claimed = self.claim()
            if not claimed:
                return f"sent {self.sent}"
            for position, (recipient_id, member) in enumerate(claimed):
                if member is None:
                    _record(recipient_id, Recipient.SKIPPED, "no longer wants it")
                    continue
                try:
                    self.deliver(recipient_id, *member)
                except smtplib.SMTPRecipientsRefused as error:
                    codes = [code for code, _text in error.recipients.values()]
                    if not codes or min(codes) < 500:  # 4xx: try again later
                        return self.retry_later([r for r, _m in claimed[position:]], error)
                    _record(recipient_id, Recipient.FAILED, str(error))  # a hard bounce, at once
                    suppression.suppress(member[1], Suppression.HARD, "smtp")
                except ValueError as error:  # an address no server would take
                    _record(recipient_id, Recipient.FAILED, str(error))
                except (smtplib.SMTPException, OSError) as error:
                    return self.retry_later([r for r, _m in claimed[position:]], error)
                self.pace()
        return f"stopped after {self.sent}"

    def claim(self):
        """[(recipient id, (signature id, address, language) or None)] for the
        next few queued recipients of this batch, now marked 'sending'."""
        table = connection.ops.quote_name(Recipient._meta.db_table)
        rows = Recipient.objects.raw(
            # status is checked again outside the subquery: on PostgreSQL a row another
            # worker claimed meanwhile is re-read after its lock and then left alone.
            f"UPDATE {table} SET status = %s, attempts = attempts + 1, claimed_at = %s "
            f"WHERE status = %s AND id IN (SELECT id FROM {table} WHERE newsletter_id = %s "
            f"AND status = %s AND id BETWEEN %s AND %s ORDER BY id LIMIT %s) "
            f"RETURNING id, signature_id",
            [Recipient.SENDING, timezone.now(), Recipient.QUEUED, self.newsletter.pk,
             Recipient.QUEUED, self.first, self.last, CLAIM],
        )  # fmt: skip
        pairs = sorted((row.pk, row.signature_id) for row in rows)
        if not pairs:
            return []
        wanted = segments.eligible(self.newsletter.topic).filter(
            pk__in=[signature_id for _pk, signature_id in pairs]
        )
        members = {pk: (pk, email, lang) for pk, email, lang in
                   wanted.values_list("pk", "email", "language")}  # fmt: skip
        return [(pk, members.get(signature_id)) for pk, signature_id in pairs]

    def deliver(self, recipient_id, signature_id, address, language):
        prepared = self.prepared.get(language) or self.prepared.get("en")
        if prepared is None:
            _record(recipient_id, Recipient.SKIPPED, "no version to send")
            return
        link = compose.stop_url(signature_id, language, self.newsletter.topic)
        headers = {
            "Message-ID": compose.message_id(self.newsletter.pk, signature_id),
            **rawmail.list_headers(self.newsletter.topic, self.newsletter.topic, link),
            "Precedence": "bulk",
        }
        self.smtp.open()  # once: it stays open for the rest of the batch
        if self.raw:
            to = rawmail.address(address)
            data = prepared.as_bytes(self.sender, to, link, headers)
            rawmail.send(self.smtp.connection, self.sender, to, data)
        else:
            text, html = prepared.personal(link)
            message = EmailMultiAlternatives(
                subject=prepared.subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                headers=headers,
            )
            message.attach_alternative(html, "text/html")
            self.smtp.send_messages([message])
        _record_sent(recipient_id)
        self.sent += 1

    def pace(self):
        rate = settings.NEWSLETTER_RATE
        if rate:
            ahead = self.sent / rate - (time.monotonic() - self.started)
            if ahead > 0:
                time.sleep(ahead)

    def retry_later(self, recipient_ids, error):
        """The server is away: these go back to the queue, the batch comes back later."""
        Recipient.objects.filter(pk__in=recipient_ids, status=Recipient.SENDING).update(
            status=Recipient.QUEUED, last_error=str(error)[:300]
        )
        attempts = max(
            Recipient.objects.filter(pk__in=recipient_ids).values_list("attempts", flat=True),
            default=1,
        )
        if attempts >= settings.MAIL_MAX_ATTEMPTS:
            Recipient.objects.filter(pk__in=recipient_ids, attempts__gte=attempts).update(
                status=Recipient.FAILED
            )
        log.warning("newsletter %s: %s; trying again later", self.newsletter.pk, error)
        send_batch.using(run_after=timezone.now() + backoff(attempts)).enqueue(
            self.newsletter.pk, self.run, self.first, self.last
        )
        return f"retry after {self.sent}"

    def close(self):
        try:
            self.smtp.close()
        except (smtplib.SMTPException, OSError):
            pass


def _record_sent(recipient_id):
    """The hot path: one small statement a mail, with no ORM query built each time."""
    table = connection.ops.quote_name(Recipient._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '' WHERE id = %s",
            [Recipient.SENT, timezone.now(), recipient_id],
        )


def _record(recipient_id, status, error=""):
    Recipient.objects.filter(pk=recipient_id).update(
        status=status,
        sent_at=timezone.now() if status == Recipient.SENT else None,
        last_error=error[:300],
    )


@task()
def send_test(newsletter_id, language, address):
    """A staff member's test copy: as members get it, with a dead personal link."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    version = newsletter and newsletter.version_for(language)
    if version is None:
        return "nothing to send"
    prepared = compose.Prepared(newsletter, version, language)
    text, html = prepared.personal(f"{settings.SITE_URL}/{language}/newsletter/")
    message = EmailMultiAlternatives(
        subject=f"[TEST] {prepared.subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return "sent"
