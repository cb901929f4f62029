"""Sending a queued mail once, with back-off on temporary failures."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.utils import timezone
from django_tasks import task

from clarion.lib import rawmail
from clarion.ops import workers
from clarion.outbox import journal

log = logging.getLogger(__name__)


def backoff(attempt):
    """30 s, 1 min, 2 min … capped at one hour."""
    return datetime.timedelta(seconds=min(3600, 30 * 2 ** max(0, attempt - 1)))


# Mails to people go before background work: a fresh install queues a few
# thousand search-index tasks while loading its content pack, and the first
# confirmation mail waited behind them for minutes.
MAIL_PRIORITY = 10
CLAIM = 20  # mails claimed at once by a batch: a few seconds of sending at most


@task(priority=MAIL_PRIORITY)
def send_mail(mail_id):
    return deliver(mail_id)


@task(priority=MAIL_PRIORITY)
def send_mail_batch(mail_ids):
    """Mails queued together (the sign path's group commit), sent over one SMTP
    connection. They are claimed a few at a time (CLAIM, one UPDATE … RETURNING
    each), so the stalled-mail timer only ever covers a few sends; a mail
    another worker took, or one already sent, is skipped; each is recorded as
    sent as soon as the server has it (in the worker's journal on SQLite,
    clarion.outbox.journal)."""
    from clarion.outbox.models import Mail

    sender = Sender()
    try:
        results = []
        for start in range(0, len(mail_ids), CLAIM):
            chunk = mail_ids[start : start + CLAIM]
            claimed = {mail.pk: mail for mail in Mail.claim_many(chunk)}
            results += [sender.deliver(claimed[pk]) if pk in claimed else "skipped" for pk in chunk]
        return results
    finally:
        sender.finish()


def deliver(mail_id):
    """One mail by itself (a retry, a stalled mail queued again)."""
    from clarion.outbox.models import Mail

    mail = Mail.claim_by_id(mail_id)
    if mail is None:
        return "skipped"
    sender = Sender()
    try:
        return sender.deliver(mail)
    finally:
        sender.finish()


class Sender:
    """One SMTP connection for a task's mails. Over plain SMTP a mail is bytes
    (clarion/lib/rawmail.py: 0.5 ms of a worker's time instead of 1.3 ms, with
    MAIL/RCPT/DATA pipelined); a provider's back-end gets Django messages."""

    def __init__(self):
        self.smtp = get_connection(fail_silently=False)
        self.raw = rawmail.is_plain_smtp(self.smtp)
        self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        self.journal = journal.Journal(workers.current_id())

    def deliver(self, mail):
        headers = {"Message-ID": mail.message_id, "Auto-Submitted": "auto-generated"}
        headers |= mail.headers
        try:
            self.smtp.open()  # once: then it stays open for the next mails
            if self.raw:
                to = rawmail.address(mail.to)
                data = rawmail.plain_text(self.sender, to, mail.subject, mail.body, headers)
                rawmail.send(self.smtp.connection, self.sender, to, data)
            else:
                message = EmailMessage(
                    subject=mail.subject,
                    body=mail.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[mail.to],
                    headers=headers,
                )
                self.smtp.send_messages([message])
        except (smtplib.SMTPException, OSError, ValueError) as error:
            self.close()  # a broken connection is opened afresh for the next mail
            return _failed(mail, error)
        self.journal.add(mail.pk)  # marked sent now, or with the next few (clarion.outbox.journal)
        return "sent"

    def close(self):
        try:
            self.smtp.close()
        except (smtplib.SMTPException, OSError):
            pass  # every mail's outcome is recorded already (or journaled)

    def finish(self):
        self.close()
        self.journal.close()


def _failed(mail, error):
    from clarion.outbox.models import Mail

    # Refused by the server, or an address no server would take (ValueError).
    permanent = isinstance(error, (smtplib.SMTPRecipientsRefused, ValueError))
    give_up = permanent or mail.attempts >= settings.MAIL_MAX_ATTEMPTS
    mine = Mail.objects.filter(pk=mail.pk, status=Mail.SENDING).update(
        status=Mail.FAILED if give_up else Mail.QUEUED, last_error=str(error)[:500]
    )
    if not mine:  # queued again as stalled meanwhile: whoever has it now decides
        return "skipped"
    if give_up:
        log.warning("mail %s failed for good: %s", mail.pk, error)
        return "failed"
    send_mail.using(run_after=timezone.now() + backoff(mail.attempts)).enqueue(mail.pk)
    return "retry"
