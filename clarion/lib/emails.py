"""Email addresses: validation against look-alikes, and the canonical form used to
recognise one person who types their address in several ways."""

import functools
import re
import unicodedata

# Providers that ignore dots in the local part and/or deliver +tag addresses
# to the same mailbox. Gmail ignores both; the others ignore only the tag.
DOTLESS = {"gmail.com", "googlemail.com"}
PLUS_TAGS = DOTLESS | {
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "fastmail.com",
    "fastmail.fm",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "yandex.ru",
    "yandex.com",
}
# No dash rule for Yahoo: its "base-keyword" addresses belong to whoever chose
# the base name, often not the owner of base@yahoo.com (different people).
ALIASES = {"googlemail.com": "gmail.com", "ya.ru": "yandex.ru"}

LOCAL_OK = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")
LABEL_OK = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class EmailError(ValueError):
    """The address cannot be used; the message is a code the form translates."""


def _scripts(text):
    found = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN")
            found.add(name.split(" ")[0])
    return found


def normalise(address):
    """The address as it will be stored: trimmed, NFC, domain lower-cased and IDNA."""
    if not isinstance(address, str):
        raise EmailError("invalid")
    return _normalised(address)


# The sign path looks at one address several times (form, canonical key, row).
@functools.lru_cache(maxsize=4096)
def _normalised(address):
    address = unicodedata.normalize("NFC", address.strip())
    if len(address) > 254 or address.count("@") != 1:
        raise EmailError("invalid")
    plain_ascii = address.isascii() and address.isprintable() and " " not in address
    if not plain_ascii and any(unicodedata.category(c)[0] in "CZ" for c in address):
        raise EmailError("invalid")  # control, format, spaces (incl. zero-width)
    local, domain = address.rsplit("@", 1)
    if not local or len(local) > 64 or local.startswith(".") or local.endswith("."):
        raise EmailError("invalid")
    if ".." in local or not LOCAL_OK.match(local):
        # Non-ASCII local parts are legal (RFC 6531) but rare, and the main way
        # to smuggle look-alike addresses: refuse them.
        raise EmailError("look-alike" if not local.isascii() else "invalid")
    domain = domain.lower().rstrip(".")
    if not domain.isascii():
        if any(len(_scripts(label)) > 1 for label in domain.split(".")):
            raise EmailError("look-alike")
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise EmailError("invalid") from None
    labels = domain.split(".")
    if len(labels) < 2 or not all(LABEL_OK.match(label) for label in labels):
        raise EmailError("invalid")
    if labels[-1].isdigit():
        raise EmailError("invalid")
    return f"{local}@{domain}"


def canonical(address):
    """One key per mailbox: case-folded, provider-specific dots and tags removed."""
    local, domain = normalise(address).rsplit("@", 1)
    local = local.lower()
    domain = ALIASES.get(domain, domain)
    if domain in PLUS_TAGS:
        local = local.split("+", 1)[0]
    if domain in DOTLESS:
        local = local.replace(".", "")
    if not local:
        raise EmailError("invalid")
    return f"{local}@{domain}"


def domain_of(address):
    return address.rsplit("@", 1)[-1]
