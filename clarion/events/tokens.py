"""Signed links for organisers (confirm, manage) and guests (cancel): nothing stored."""

from django.core import signing

CONFIRM, MANAGE, CANCEL = "confirm", "manage", "cancel"
MAX_AGE = {CONFIRM: 30 * 86400, MANAGE: None, CANCEL: None}


def make(pk, purpose):
    return signing.dumps(pk, salt=f"clarion.events.{purpose}", compress=False)


def read(token, purpose):
    """The id in a token, or None if it is forged, mangled or too old."""
    try:
        value = signing.loads(token, salt=f"clarion.events.{purpose}", max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) and value > 0 else None
