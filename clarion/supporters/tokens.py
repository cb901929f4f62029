"""Signed, expiring tokens for links in mails to signers (clarion.lib.tokens)."""

from clarion.lib import tokens

CONFIRM, MY_DATA, UNSUBSCRIBE = "confirm", "data", "unsubscribe"


def make(signature_id, purpose):
    return tokens.make(signature_id, f"clarion.supporters.{purpose}")


def read(token, purpose, max_age_seconds=None):
    """The signature id in a token, or None if it is forged, mangled or too old."""
    return tokens.read(token, f"clarion.supporters.{purpose}", max_age_seconds)
