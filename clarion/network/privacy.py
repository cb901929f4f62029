"""What the network app holds about one mailbox, for "download my data" and erase."""

from clarion.network.models import Volunteer


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
    return {"volunteer": rows} if rows else {}


def erase(canonical):
    """The volunteer row and its tasks go; the outbox forgets their mails."""
    from clarion.outbox.models import Mail

    volunteers = list(Volunteer.objects.filter(email_canonical=canonical))
    for volunteer in volunteers:
        Mail.forget(Mail.objects.filter(key__startswith=f"vol:{volunteer.pk}:"))
        volunteer.delete()
    return len(volunteers)
