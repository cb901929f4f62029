"""Signed links for volunteers (their page, confirming, leaving): nothing stored."""

from clarion.lib import tokens

PAGE, CONFIRM = "page", "confirm"
CLASS, CLASS_CONFIRM = "class", "class-confirm"  # a school class's page (clarion.network.schools)
MAX_AGE = {CONFIRM: 30 * 86400, PAGE: 365 * 86400, CLASS_CONFIRM: 30 * 86400, CLASS: 730 * 86400}

LINKS = tokens.Links("clarion.network", MAX_AGE)
make, read = LINKS.make, LINKS.read
