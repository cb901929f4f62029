"""Signed, expiring tokens for links in mails to signers (clarion.lib.tokens)."""

from clarion.lib import tokens

CONFIRM, MY_DATA, UNSUBSCRIBE = "confirm", "data", "unsubscribe"
ADDRESS_DATA = "address-data"  # carries a mailbox, for people who never signed


def make(signature_id, purpose):
    return tokens.make(signature_id, f"clarion.supporters.{purpose}")


def read(token, purpose, max_age_seconds=None):
    """The signature id in a token, or None if it is forged, mangled or too old."""
    return tokens.read(token, f"clarion.supporters.{purpose}", max_age_seconds)


def make_for_address(canonical):
    return tokens.make_text(canonical, f"clarion.supporters.{ADDRESS_DATA}")


def read_address(token, max_age_seconds):
    """The canonical mailbox in an address token, or None."""
    value = tokens.read_text(token, f"clarion.supporters.{ADDRESS_DATA}", max_age_seconds)
    return value if value and "@" in value else None
