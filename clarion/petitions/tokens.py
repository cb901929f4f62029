"""Signed links for petition signers (clarion.lib.tokens): nothing stored."""

from clarion.lib import tokens

SIGNER, ANSWER = "signer", "answer"  # confirm a petition signature; answer a follow-up
MEMBER = "link"  # a confirmed member's one-click page (views.me)
MAX_AGE = {SIGNER: 30 * 86400, ANSWER: 120 * 86400, MEMBER: 30 * 86400}

LINKS = tokens.Links("clarion.petitions", MAX_AGE)
make, read = LINKS.make, LINKS.read
