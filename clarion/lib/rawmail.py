"""Mail as bytes on an open smtplib connection: what the outbox and newsletters
send over plain SMTP, at a fraction of the email package's cost.

Django's EmailMessage builds each mail through the email package (about two
thirds of a worker's time per mail was spent there); a mail here is a join of
strings. MAIL, RCPT and DATA go in one write when the server offers PIPELINING
(RFC 2920): two round trips a mail, not four. Provider back-ends
(django-anymail) still get Django messages; `is_plain_smtp` tells which.
"""

import binascii
import re
import smtplib
from email.header import Header
from email.utils import formatdate
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
DOT_LINE = re.compile(rb"(?m)^\.")
LONGEST_LINE = 998  # RFC 5322: longer lines must be encoded


def is_plain_smtp(backend):
    return isinstance(backend, SMTPBackend)


def address(value):
    """An address as the envelope and the To header want it."""
    return value if PLAIN_ADDRESS.fullmatch(value) else sanitize_address(value, "utf-8")


def header(name, value):
    """One header line; a line break in a value cannot start a header of its own."""
    value = " ".join(str(value).split())
    if not value.isascii():
        value = Header(value, "utf-8").encode(linesep="\r\n")
    return f"{name}: {value}"


def qp(text):
    """Quoted-printable with CRLF line ends: encoded from LF text (binascii then
    uses LF for its soft breaks too, which a text without any line break would
    otherwise get), then every LF made CRLF (a CR of the text is encoded)."""
    return binascii.b2a_qp(text.encode(), istext=True).replace(b"\n", b"\r\n")


def plain_text(sender, to, subject, body, headers):
    """A text/plain UTF-8 mail as Django would send it: 8bit when every line
    fits, else quoted-printable."""
    text = body.replace("\r\n", "\n")
    data = text.encode()
    if any(len(line) > LONGEST_LINE for line in data.split(b"\n")):
        encoding, data = "quoted-printable", qp(text)
    else:
        encoding, data = "8bit", data.replace(b"\n", b"\r\n")
    lines = [
        header("From", sender),
        f"To: {to}",
        header("Subject", subject),
        f"Date: {formatdate()}",
        *(header(name, value) for name, value in headers.items()),
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        f"Content-Transfer-Encoding: {encoding}",
    ]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + data


def send(smtp, sender, to, data):
    """One mail on an open smtplib connection: pipelined when the server
    offers it, else smtplib's own sendmail. Raises smtplib's exceptions."""
    if not smtp.has_extn("pipelining"):
        smtp.sendmail(sender, [to], data)
        return
    smtp.send(f"MAIL FROM:{smtplib.quoteaddr(sender)}\r\nRCPT TO:{smtplib.quoteaddr(to)}\r\n"
              "DATA\r\n".encode())  # fmt: skip
    mail, rcpt, start = smtp.getreply(), smtp.getreply(), smtp.getreply()
    refused = mail[0] != 250 or rcpt[0] not in (250, 251) or start[0] != 354
    if start[0] == 354 and refused:  # a server should not, but then: an empty mail, dropped
        smtp.send(b".\r\n")
        smtp.getreply()
    if refused:
        smtp.rset()
    if mail[0] != 250:
        raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
    if rcpt[0] not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({to: rcpt})
    if start[0] != 354:
        raise smtplib.SMTPDataError(*start)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    smtp.send(DOT_LINE.sub(b"..", data) + b".\r\n")
    code, text = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, text)


def list_headers(name, list_id, unsubscribe_url):
    """A mailing list's headers: RFC 2919 List-Id (`list_id` "signatures" is
    <signatures.example.org> on example.org) and RFC 8058 one-click unsubscribe."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return {
        "List-Id": f"{name} <{list_id}.{host}>",
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
