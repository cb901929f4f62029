"""What the network app holds about one mailbox, for "download my data" and erase."""

from clarion.network.models import Certificate, Volunteer


def export(canonical):
    rows = []
    for v in Volunteer.objects.filter(email_canonical=canonical).prefetch_related("assignments"):
        rows.append({
            "name": v.name, "email": v.email, "country": v.country, "city": v.city,
            "languages": v.languages, "skills": v.skills, "hours_per_month": v.hours_per_month,
            "status": v.status, "created_at": v.created_at.isoformat(),
            "consent": v.consent.text if v.consent_id else "",
            "tasks": [{"task": a.task, "status": a.status, "report": a.report}
                      for a in v.assignments.all()],
        })  # fmt: skip
    found = {"volunteer": rows} if rows else {}
    held = Certificate.objects.filter(email_canonical=canonical).order_by("pk")
    certificates = [{"number": c.number, "kind": c.kind, "holder": c.holder,
                     "issued_on": c.issued_on.isoformat(), "revoked": c.is_revoked}
                    for c in held]  # fmt: skip
    if certificates:
        found["certificates"] = certificates
    return found


def erase(canonical):
    """The volunteer row and its tasks go; the outbox forgets their mails."""
    from clarion.outbox.models import Mail

    volunteers = list(Volunteer.objects.filter(email_canonical=canonical))
    for volunteer in volunteers:
        Mail.forget(Mail.objects.filter(key__startswith=f"vol:{volunteer.pk}:"))
        volunteer.delete()
    # Their certificates go too: the verify page then knows no such number.
    certificates = Certificate.objects.filter(email_canonical=canonical).delete()[0]
    return len(volunteers) + certificates
