"""Signed links for volunteers (their page, confirming, leaving): nothing stored."""

from clarion.lib import tokens

PAGE, CONFIRM = "page", "confirm"
CLASS, CLASS_CONFIRM = "class", "class-confirm"  # a school class's page (clarion.network.schools)
MAX_AGE = {CONFIRM: 30 * 86400, PAGE: 365 * 86400, CLASS_CONFIRM: 30 * 86400, CLASS: 730 * 86400}


def make(pk, purpose):
    return tokens.make(pk, f"clarion.network.{purpose}")


def read(token, purpose):
    """The id in a token, or None if it is forged, mangled or too old."""
    return tokens.read(token, f"clarion.network.{purpose}", MAX_AGE[purpose])
