"""The mails a volunteer receives, in their language, each queued once by key
(clarion.outbox), with a one-click way to leave."""

from django.conf import settings
from django.utils.translation import gettext as _

from clarion.lib import rawmail
from clarion.network import tokens
from clarion.outbox.models import Mail


def link(volunteer, path, purpose):
    token = tokens.make(volunteer.pk, purpose)
    return f"{settings.SITE_URL}/{volunteer.language}/volunteer/{path}/{token}/"


def headers(volunteer):
    return rawmail.list_headers("Volunteers", "volunteers", link(volunteer, "leave", tokens.PAGE))


def build(volunteer, key, subject, template, **context):
    context |= {
        "volunteer": volunteer,
        "page_url": link(volunteer, "me", tokens.PAGE),
        "confirm_url": link(volunteer, "confirm", tokens.CONFIRM),
        "leave_url": link(volunteer, "leave", tokens.PAGE),
        "site_name": settings.SITE_NAME,
    }
    return Mail.written(f"vol:{volunteer.pk}:{key}", volunteer.email, volunteer.language,
                        subject, template, context, headers(volunteer))  # fmt: skip


def queue(mail):
    return Mail.queue(
        key=mail.key, to=mail.to, subject=mail.subject, body=mail.body, headers=mail.headers
    )


def queue_link(volunteer, now):
    """The confirmation link (pending) or the page link (active), again on request."""
    if volunteer.status == volunteer.PENDING:
        subject, template = (lambda: _("Please confirm your offer to help")), "confirm"
    else:
        subject, template = (lambda: _("Your volunteer page")), "page"
    key = f"link:{now.timestamp():.0f}"
    return queue(build(volunteer, key, subject, f"network/mail/{template}.txt"))


def queue_assignment(assignment):
    volunteer = assignment.volunteer
    mail = build(
        volunteer,
        f"task:{assignment.pk}",
        lambda: _("A task for you: %(task)s") % {"task": assignment.task},
        "network/mail/task.txt",
        assignment=assignment,
    )
    return queue(mail)


def message(volunteer, message):
    """A coordinator's message, with the volunteer's page and the way to leave."""
    mail = build(volunteer, f"msg:{message.pk}", lambda: message.subject,
                 "network/mail/message.txt", message=message)  # fmt: skip
    return mail
