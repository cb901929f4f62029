"""What a member receives, changed from their own link (one click stops a topic)."""

from clarion.outreach.models import INVITATIONS, NEWS, OptOut
from clarion.supporters.models import Signature

TOPIC_CODES = [NEWS, INVITATIONS]


def stopped(signature_id):
    return set(OptOut.objects.filter(signature_id=signature_id).values_list("topic", flat=True))


def stop(signature_id, topic):
    """Effective at once: the next batch claim no longer selects this member."""
    if topic not in TOPIC_CODES:
        raise ValueError(topic)
    OptOut.objects.get_or_create(signature_id=signature_id, topic=topic)


def choose(signature_id, wanted):
    """Receive exactly the topics in `wanted` (those the member opted in to)."""
    for topic in TOPIC_CODES:
        if topic in wanted:
            OptOut.objects.filter(signature_id=signature_id, topic=topic).delete()
        else:
            stop(signature_id, topic)


def member(signature_id):
    return (
        Signature.objects.filter(pk=signature_id, status=Signature.CONFIRMED)
        .exclude(email_canonical__isnull=True)
        .first()
    )
