"""'Did they reply?': two weeks after a target got the petition, the campaign is
asked (once per petition and target); in per-signature mode each signer too."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.petitions import mails
from clarion.petitions.models import Delivery, FollowUp, Petition, Signer

AFTER_DAYS = 14
BATCH = 500


def ask(now=None):
    """Worker job. Returns how many questions were queued."""
    now = now or timezone.now()
    due = now - datetime.timedelta(days=AFTER_DAYS)
    delivered = (
        Delivery.objects.filter(status=Delivery.SENT, sent_at__lt=due)
        .values_list("petition_id", "target_id")
        .distinct()
    )
    asked = set(FollowUp.objects.values_list("petition_id", "target_id"))
    queued = 0
    for petition_id, target_id in delivered:
        if (petition_id, target_id) in asked:
            continue
        try:
            with transaction.atomic():
                follow_up = FollowUp.objects.create(petition_id=petition_id, target_id=target_id)
                mails.queue_staff_question(follow_up)
                queued += 1
        except IntegrityError:  # another worker asked first
            continue
    return queued + ask_signers(now)


def ask_signers(now):
    asked_petitions = FollowUp.objects.filter(petition__mode=Petition.PER_SIGNATURE).values(
        "petition_id"
    )
    waiting = Signer.objects.filter(
        petition_id__in=asked_petitions, status=Signer.ACTIVE, asked_at__isnull=True
    ).exclude(signature__email="")
    queued = 0
    for pk in waiting.values_list("pk", flat=True)[:BATCH]:
        with transaction.atomic():
            if Signer.objects.filter(pk=pk, asked_at__isnull=True).update(asked_at=now):
                signer = Signer.objects.select_related("signature", "petition").get(pk=pk)
                mails.queue_question(signer)
                queued += 1
    return queued


def record_answer(signer, answer):
    """A signer's yes/no; answering again changes it."""
    if answer not in ("yes", "no"):
        return False
    Signer.objects.filter(pk=signer.pk).update(answer=answer, answered_at=timezone.now())
    return True


def answers(petition):
    found = Signer.objects.filter(petition=petition).exclude(answer="")
    return {
        "yes": found.filter(answer="yes").count(),
        "no": found.filter(answer="no").count(),
    }
