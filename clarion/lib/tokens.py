"""Signed, expiring ids for links in mails: no token is stored anywhere.

Each feature signs with its own salt, so a token made for one purpose is
worthless for another. Signed is not secret: anyone can read a token, and links
end up in logs and browser history, so tokens carry row ids, never personal data."""

from django.core import signing


def make(pk, salt):
    return signing.dumps(pk, salt=salt, compress=False)


def read(token, salt, max_age_seconds=None):
    """The id in a token, or None if it is forged, mangled or too old."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age_seconds)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) and value > 0 else None
