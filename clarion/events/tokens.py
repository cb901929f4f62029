"""Signed links for organisers (confirm, manage) and guests (cancel): nothing stored."""

from clarion.lib import tokens

CONFIRM, MANAGE, CANCEL = "confirm", "manage", "cancel"
# Links end up in inboxes, logs and browser histories: none works for ever. An
# organiser plans, holds and reports an event within a year; a guest cancels
# within months.
MAX_AGE = {CONFIRM: 30 * 86400, MANAGE: 365 * 86400, CANCEL: 180 * 86400}


def make(pk, purpose):
    return tokens.make(pk, f"clarion.events.{purpose}")


def read(token, purpose):
    """The id in a token, or None if it is forged, mangled or too old."""
    return tokens.read(token, f"clarion.events.{purpose}", MAX_AGE[purpose])
