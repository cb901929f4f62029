"""What the press room holds about one mailbox: enquiries sent, coverage reported."""

from clarion.press.models import Coverage, PressEnquiry


def export(canonical):
    if not canonical:
        return {}
    found = {
        "enquiries": [
            {
                "name": e.name,
                "email": e.email,
                "outlet": e.outlet,
                "country": e.country,
                "message": e.message,
                "sent_at": e.created_at.isoformat(),
            }  # fmt: skip
            for e in PressEnquiry.objects.filter(email_canonical=canonical)
        ],
        "coverage_reported": [
            {
                "url": c.url,
                "outlet": c.outlet,
                "name": c.submitted_by,
                "email": c.email,
                "status": c.status,
                "reported_at": c.created_at.isoformat(),
            }  # fmt: skip
            for c in Coverage.objects.filter(email_canonical=canonical)
        ],
    }
    return found if any(found.values()) else {}


def erase(canonical):
    """Enquiries go; reported coverage stays listed, without who reported it."""
    if not canonical:
        return 0
    gone = PressEnquiry.objects.filter(email_canonical=canonical).delete()[0]
    kept = Coverage.objects.filter(email_canonical=canonical).update(
        submitted_by="", email="", email_canonical=""
    )
    return gone + kept
