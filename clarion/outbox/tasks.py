"""Sending a queued mail once, with back-off on temporary failures."""

import datetime
import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


def backoff(attempt):
    """30 s, 1 min, 2 min … capped at one hour."""
    return datetime.timedelta(seconds=min(3600, 30 * 2 ** max(0, attempt - 1)))


# Mails to people go before background work: a fresh install queues a few
# thousand search-index tasks while loading its content pack, and the first
# confirmation mail waited behind them for minutes.
MAIL_PRIORITY = 10


@task(priority=MAIL_PRIORITY)
def send_mail(mail_id):
    return deliver(mail_id)


@task(priority=MAIL_PRIORITY)
def send_mail_batch(mail_ids):
    """Mails queued together (the sign path's group commit), sent over one SMTP
    connection. Each is claimed on its own just before it is sent (so the
    stalled-mail timer only ever covers one send), a mail another worker took,
    or one already sent, is skipped, and each is recorded as sent as soon as
    the server has it."""
    smtp = get_connection(fail_silently=False)
    try:
        return [deliver(mail_id, smtp) for mail_id in mail_ids]
    finally:
        try:
            smtp.close()
        except (smtplib.SMTPException, OSError):
            pass  # every mail's outcome is recorded already


def deliver(mail_id, smtp=None):
    from clarion.outbox.models import Mail

    mail = Mail.claim_by_id(mail_id)
    if mail is None:
        return "skipped"
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={"Message-ID": mail.message_id, "Auto-Submitted": "auto-generated", **mail.headers},
    )
    try:
        if smtp is None:
            get_connection(fail_silently=False).send_messages([message])
        else:
            smtp.open()  # once: then it stays open for the batch's next mails
            smtp.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        if smtp is not None:
            smtp.close()  # a broken connection is opened afresh for the next mail
        return _failed(mail, error)
    _record_sent(mail)
    return "sent"


def _record_sent(mail, attempts=120, pause=0.5):
    """The SMTP server has the mail: note it, even across a database restart.

    If this update were lost, the mail would look stalled and go out a second
    time; so a database that has just gone away is waited for (up to a minute)
    instead of giving up."""
    from clarion.outbox.models import Mail

    for attempt in range(attempts):
        try:
            Mail.objects.filter(pk=mail.pk).update(
                status=Mail.SENT, sent_at=timezone.now(), last_error=""
            )
            return
        except (OperationalError, InterfaceError):
            if attempt == attempts - 1:
                raise
            connection.close()  # reconnect on the next try
            time.sleep(pause)


def _failed(mail, error):
    from clarion.outbox.models import Mail

    permanent = isinstance(error, smtplib.SMTPRecipientsRefused)
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
