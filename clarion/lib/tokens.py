"""Signed, expiring ids for links in mails: no token is stored anywhere.

Each feature signs with its own salt, so a token made for one purpose is
worthless for another."""

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


def make_text(text, salt):
    return signing.dumps(text, salt=salt, compress=True)


def read_text(token, salt, max_age_seconds=None):
    """The text in a token made by make_text, or None if forged, mangled or too old."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age_seconds)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, str) and value else None
