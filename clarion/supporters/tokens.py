"""Signed, expiring tokens for links in mails to signers (clarion.lib.tokens)."""

from clarion.lib import tokens

CONFIRM, MY_DATA, UNSUBSCRIBE = "confirm", "data", "unsubscribe"
DATA_REQUEST = "data-request"  # a DataRequest id, for people who never signed
UNSUBSCRIBE_DAYS = 400  # every mail with news carries a fresh link; old ones expire


def make(pk, purpose):
    return tokens.make(pk, f"clarion.supporters.{purpose}")


def read(token, purpose, max_age_seconds=None):
    """The id in a token, or None if it is forged, mangled or too old."""
    return tokens.read(token, f"clarion.supporters.{purpose}", max_age_seconds)
