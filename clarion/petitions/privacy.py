"""'Download my data' and 'erase me' for petition signatures, through the one
registry every app uses (clarion.lib.personal_data)."""

from clarion.petitions.models import Delivery, Signer


def _signers(canonical):
    return Signer.objects.filter(signature__email_canonical=canonical).select_related("petition")


def export(canonical):
    return [
        {
            "petition": signer.petition.title_in(signer.language),
            "status": signer.status,
            "line": signer.line,
            "reply_to_ok": signer.reply_to_ok,
            "signed_at": signer.created_at.isoformat(),
        }
        for signer in _signers(canonical)
    ]


def erase(canonical):
    """Their own words and the messages not yet sent go; the count stays
    (the declaration signature itself is withdrawn by clarion.supporters)."""
    signers = list(_signers(canonical).values_list("pk", flat=True))
    Delivery.objects.filter(
        signer__in=signers, status__in=[Delivery.QUEUED, Delivery.SENDING]
    ).delete()
    return (
        Signer.objects.filter(pk__in=signers)
        .exclude(line="", reply_to_ok=False)
        .update(line="", line_digest="", reply_to_ok=False)
    )
