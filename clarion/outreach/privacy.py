"""What outreach holds about one mailbox (registered with clarion.lib.personal_data)."""

from clarion.outreach.models import OptOut, Recipient, Suppression
from clarion.supporters.models import Signature


def _signature_ids(canonical):
    return list(Signature.objects.filter(email_canonical=canonical).values_list("pk", flat=True))


def export(canonical):
    ids = _signature_ids(canonical)
    sent = Recipient.objects.filter(signature_id__in=ids, status=Recipient.SENT)
    data = {
        "newsletters_sent": [
            {"newsletter": title, "sent_at": when.isoformat() if when else None}
            for title, when in sent.values_list("newsletter__title", "sent_at").order_by("pk")
        ],
        "stopped": [
            {"topic": topic, "at": at.isoformat()}
            for topic, at in OptOut.objects.filter(signature_id__in=ids).values_list(
                "topic", "created_at"
            )
        ],
    }
    suppressed = Suppression.objects.filter(address=canonical).first()
    if suppressed:
        data["suppressed"] = {
            "reason": suppressed.reason,
            "since": suppressed.created_at.isoformat(),
        }
    return data if any(data.values()) else {}


def erase(canonical):
    ids = _signature_ids(canonical)
    changed = Recipient.objects.filter(signature_id__in=ids).delete()[0]
    changed += OptOut.objects.filter(signature_id__in=ids).delete()[0]
    changed += Suppression.objects.filter(address=canonical).delete()[0]
    return changed
