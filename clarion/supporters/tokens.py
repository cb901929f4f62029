"""Signed, expiring tokens for links in mails to signers (clarion.lib.tokens)."""

from clarion.lib import tokens

CONFIRM, MY_DATA, UNSUBSCRIBE = "confirm", "data", "unsubscribe"
DATA_REQUEST = "data-request"  # a DataRequest id, for people who never signed
UNSUBSCRIBE_DAYS = 400  # every mail with news carries a fresh link; old ones expire

LINKS = tokens.Links("clarion.supporters")
make, read = LINKS.make, LINKS.read
