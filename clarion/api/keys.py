"""Partner API keys: issue (shown once), check, revoke. Only a digest is stored,
and nothing here logs or returns a key after it was issued."""

import hashlib
import secrets

from django.utils import timezone

from clarion.api.models import ApiKey

PREFIX = "clk_"


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def issue(partner, scopes, contact="", user=None):
    """(ApiKey, the key itself): the only time the key is seen."""
    unknown = set(scopes) - set(dict(ApiKey.SCOPES))
    if unknown or not scopes:
        raise ValueError(f"Scopes must be among {', '.join(dict(ApiKey.SCOPES))}")
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey.objects.create(
        partner=partner,
        contact=contact,
        prefix=key[: len(PREFIX) + 6],
        digest=digest(key),
        scopes=sorted(set(scopes)),
        created_by=user,
    )
    return row, key


def find(authorization):
    """The live ApiKey for an `Authorization: Bearer …` header, or None."""
    scheme, _space, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip().startswith(PREFIX):
        return None
    row = ApiKey.objects.filter(digest=digest(key.strip()), revoked_at__isnull=True).first()
    if row is not None:
        ApiKey.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row


def revoke(prefix):
    """Revoke the live keys starting with `prefix`; returns how many."""
    live = ApiKey.objects.filter(prefix__startswith=prefix, revoked_at__isnull=True)
    return live.update(revoked_at=timezone.now())
