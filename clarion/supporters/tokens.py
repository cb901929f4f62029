"""Signed, expiring tokens for links in mails: no token is stored anywhere."""

from django.core import signing

CONFIRM, MY_DATA, UNSUBSCRIBE = "confirm", "data", "unsubscribe"


def make(signature_id, purpose):
    return signing.dumps(signature_id, salt=f"clarion.supporters.{purpose}", compress=False)


def read(token, purpose, max_age_seconds=None):
    """The signature id in a token, or None if it is forged, mangled or too old."""
    try:
        value = signing.loads(token, salt=f"clarion.supporters.{purpose}", max_age=max_age_seconds)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) and value > 0 else None
