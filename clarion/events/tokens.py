"""Signed links for organisers (confirm, manage) and guests (cancel): nothing stored."""

from clarion.lib import tokens

CONFIRM, MANAGE, CANCEL = "confirm", "manage", "cancel"
# Links end up in inboxes, logs and browser histories: none works for ever. An
# organiser plans, holds and reports an event within a year; a guest cancels
# within months.
MAX_AGE = {CONFIRM: 30 * 86400, MANAGE: 365 * 86400, CANCEL: 180 * 86400}

LINKS = tokens.Links("clarion.events", MAX_AGE)
make, read = LINKS.make, LINKS.read
