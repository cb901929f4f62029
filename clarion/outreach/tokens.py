"""The member's own link in every campaign mail (one-click unsubscribe and
preferences): a signed signature id (clarion.lib.tokens). It does not expire:
RFC 8058 asks that an unsubscribe link in a mail keeps working."""

from clarion.lib import tokens

SALT = "clarion.outreach.member"


def make(signature_id):
    return tokens.make(signature_id, SALT)


def read(token):
    return tokens.read(token, SALT)
