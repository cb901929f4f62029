"""Turning a delivery row into an email or a fax, and sending it once.

Messages are plain text. In test mode every delivery, fax included, goes to
the petition's test inbox instead, marked as a test and naming the real
addressee.
"""

import io
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.lib.countries import country_name
from clarion.lib.pdf import A4, Writer, load_font
from clarion.petitions import fax, package
from clarion.petitions.delivery import PermanentFailure, TemporaryFailure
from clarion.petitions.models import Delivery

ATTACH_LIST_UP_TO = 5000


def send(delivery):
    """Send; returns the provider's id (Message-ID for mail)."""
    language = package.pdf_language(delivery.target)
    with translation.override(language):
        subject, body = compose(delivery, language)
        if delivery.channel == Delivery.FAX:
            pdf = fax_pdf(delivery, body, language)
            if delivery.test:
                return email(delivery, subject, body, attachment=("fax.pdf", pdf))
            return fax.gateway().send(delivery.target.fax, pdf, delivery.key)
        attachment = None
        if delivery.kind != Delivery.MESSAGE:
            attachment = ("petition.pdf", summary_pdf(delivery))
        return email(delivery, subject, body, attachment=attachment)


def compose(delivery, language):
    petition, target = delivery.petition, delivery.target
    subject = petition.title_in(language)
    if delivery.kind == Delivery.MESSAGE:
        signature = delivery.signer.signature
        parts = [petition.text_in(language)]
        if delivery.signer.line and not delivery.signer.folded:
            parts.append(delivery.signer.line)
        place = ", ".join(p for p in (signature.city, country_name(signature.country)) if p)
        parts.append(f"{signature.name}\n{place}")
    else:
        total = sum(n for _code, n in package.counts_by_country(petition))
        if delivery.kind == Delivery.PROGRESS:
            subject = _("Progress report: %(title)s") % {"title": subject}
        parts = [
            _("%(total)s people and organisations have signed the petition below so far.")
            % {"total": package.number(total)},
            petition.text_in(language),
        ]
    if delivery.test:
        subject = f"[TEST] {subject}"
        note = _("TEST — not delivered to the addressee") + f": {target.name}"
        parts.insert(0, f"{note} ({delivery.channel})")
    return subject, "\n\n".join(parts) + "\n"


def headers(delivery):
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    found = {
        "Message-ID": delivery.message_id,
        "List-Id": f"{delivery.petition.slug} <{delivery.petition.slug}.petitions.{host}>",
    }
    signer = delivery.signer
    if signer is not None and signer.reply_to_ok and signer.signature.email:
        found["Reply-To"] = signer.signature.email
    if delivery.test:
        found["X-Clarion-Test"] = "1"
    return found


def email(delivery, subject, body, attachment=None):
    to = delivery.petition.inbox if delivery.test else delivery.target.email
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers(delivery),
    )
    if attachment:
        message.attach(attachment[0], attachment[1], "application/pdf")
    try:
        get_connection(fail_silently=False).send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentFailure(f"recipient refused: {error.recipients}", bounced=True) from None
    except smtplib.SMTPResponseException as error:
        text = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(text, bounced=True) from None
        raise TemporaryFailure(text) from None
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"SMTP: {error}") from None
    return delivery.message_id


def fax_pdf(delivery, body, language):
    """A per-signature message on one or two pages (digests: the summary)."""
    if delivery.kind != Delivery.MESSAGE:
        return summary_pdf(delivery)
    out = io.BytesIO()
    font = load_font(settings.PETITIONS_FONT)
    writer = Writer(out, font, delivery.petition.title_in(language))
    page, y = writer.page(), 70
    page.text(56, y, delivery.target.name, 13)
    for line in font.wrap(body, 11, A4[0] - 112):
        y += 15
        if y > A4[1] - 56:
            page.finish()
            page, y = writer.page(), 70
        page.text(56, y, line, 11)
    page.finish()
    writer.close()
    return out.getvalue()


def summary_pdf(delivery):
    out = io.BytesIO()
    petition = delivery.petition
    total = sum(n for _code, n in package.counts_by_country(petition))
    package.write_pdf(out, petition, delivery.target, with_list=total <= ATTACH_LIST_UP_TO)
    return out.getvalue()
