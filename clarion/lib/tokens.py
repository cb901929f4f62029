"""Signed, expiring ids for links in mails: no token is stored anywhere.

Each feature signs with its own salt, so a token made for one purpose is
worthless for another. Signed is not secret: anyone can read a token, and links
end up in logs and browser history, so tokens carry row ids, never personal data.

A token is `<id>.<time>.<mac>` (base 36, base 36, 128 bits of HMAC-SHA256 under
a key derived from SECRET_KEY and the salt). The sign path makes two for every
signature, hundreds a second: Django's signing.dumps (JSON, base64, a key
derived on every call) cost ten times as much. Tokens made by it before are
still read, so links already mailed keep working.
"""

import base64
import hashlib
import hmac
import time
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.utils.http import base36_to_int, int_to_base36

MAC_BYTES = 16


@lru_cache(maxsize=256)
def _key(secret, salt):
    return hashlib.sha256(f"clarion.lib.tokens\x00{salt}\x00{secret}".encode()).digest()


def _mac(secret, salt, body):
    digest = hmac.new(_key(secret, salt), body.encode(), hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def make(pk, salt):
    body = f"{int_to_base36(pk)}.{int_to_base36(int(time.time()))}"
    return f"{body}.{_mac(settings.SECRET_KEY, salt, body).decode()}"


def read(token, salt, max_age_seconds=None):
    """The id in a token, or None if it is forged, mangled or too old."""
    if ":" in token:
        return _read_django_signed(token, salt, max_age_seconds)
    try:
        pk_text, made_text, mac = token.split(".")
        pk, made = base36_to_int(pk_text), base36_to_int(made_text)
    except ValueError:
        return None
    body = f"{pk_text}.{made_text}"
    given = mac.encode()
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    if not any(hmac.compare_digest(given, _mac(secret, salt, body)) for secret in secrets):
        return None
    if max_age_seconds is not None and time.time() - made > max_age_seconds:
        return None
    return pk if pk > 0 else None


def _read_django_signed(token, salt, max_age_seconds):
    try:
        value = signing.loads(token, salt=salt, max_age=max_age_seconds)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) and value > 0 else None


class Links:
    """The signed links of one app: a purpose's salt is "<prefix>.<purpose>",
    and a purpose may have a lifetime in seconds (`max_age`), beyond which its
    links stop working. One object per app, in the app's tokens.py."""

    def __init__(self, prefix, max_age=None):
        self.prefix, self.max_age = prefix, max_age or {}

    def make(self, pk, purpose):
        return make(pk, f"{self.prefix}.{purpose}")

    def read(self, token, purpose, max_age_seconds=None):
        """The id in a token, or None if it is forged, mangled or too old."""
        if max_age_seconds is None:
            max_age_seconds = self.max_age.get(purpose)
        return read(token, f"{self.prefix}.{purpose}", max_age_seconds)
