"""The member's own link in every campaign mail (one-click unsubscribe and
preferences): a signed signature id (clarion.lib.tokens). It does not expire:
RFC 8058 asks that an unsubscribe link in a mail keeps working."""

from clarion.lib import tokens

MEMBER = "member"
LINKS = tokens.Links("clarion.outreach")


def make(signature_id):
    return LINKS.make(signature_id, MEMBER)


def read(token):
    return LINKS.read(token, MEMBER)
