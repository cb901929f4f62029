"""'Download my data' and 'erase me' for contributions, through the one
registry every app uses (clarion.lib.personal_data), by canonical address."""

import hashlib

from django.db.models import Q

from clarion.contributions.models import Submission
from clarion.lib import emails
from clarion.outbox.models import Mail


def _canonical(address):
    try:
        return emails.canonical(address)
    except emails.EmailError:
        return None


def mine(canonical):
    """The contributions sent from this mailbox, however its address was typed."""
    domain = canonical.rsplit("@", 1)[-1]
    domains = {domain} | {alias for alias, real in emails.ALIASES.items() if real == domain}
    near = Q()
    for name in domains:
        near |= Q(email__iendswith=f"@{name}")
    return [s for s in Submission.objects.filter(near) if _canonical(s.email) == canonical]


def erase_links_prefix(canonical):
    """Mail keys for erase links carry a digest, never the address."""
    return f"contribution-erase:{hashlib.sha256(canonical.encode()).hexdigest()[:24]}:"


def export(canonical):
    return [
        {
            "kind": s.kind,
            "status": s.status,
            "title": s.title,
            "text": s.text,
            "author_name": s.author_name,
            "email": s.email,
            "country": s.country,
            "language": s.language,
            "created_at": s.created_at.isoformat(),
        }
        for s in mine(canonical)
    ]


def erase(canonical):
    found = mine(canonical)
    for submission in found:
        submission.erase()
    Mail.forget(Mail.objects.filter(key__startswith=erase_links_prefix(canonical)))
    return len(found)
