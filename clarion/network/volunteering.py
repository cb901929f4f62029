"""What happens to a volunteer: offer, confirm, take or decline tasks, leave;
what coordinators do: assign, record, write to them.

An offer goes through the one sign path (clarion.supporters.signing.sign):
volunteering also makes the person a member. The volunteer gets one mail: its
link confirms the offer and the signature together (the sign path sends none
of its own). Every mail is queued in the same transaction as the change it
reports.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clarion.lib import emails
from clarion.network import mails
from clarion.network.models import Assignment, Volunteer
from clarion.supporters import signing
from clarion.supporters.models import ConsentText, Signature

RESEND_MINUTES = 10


def offer(data, *, language, ip_hash, consent_text, declaration_text):
    """Store an offer (or, for a mailbox that offered before, mail its link
    again) and sign the declaration with it. Returns (volunteer, created)."""
    canonical = emails.canonical(data["email"])
    now = timezone.now()
    with transaction.atomic():
        signature, _new = signing.sign(
            {"kind": Signature.PERSON, "name": data["name"], "email": data["email"],
             "country": data["country"], "city": data.get("city", "")},
            language=language, ip_hash=ip_hash, consent_text=declaration_text, news_text="",
            mail=False,
        )  # fmt: skip
        existing = Volunteer.objects.select_for_update().filter(email_canonical=canonical).first()
        if existing is not None:
            send_link(existing, now)
            return existing, False
        volunteer = Volunteer.objects.create(
            name=data["name"],
            email=emails.normalise(data["email"]),
            email_canonical=canonical,
            country=data["country"],
            city=data.get("city", ""),
            languages=data.get("languages", []),
            skills=data.get("skills", []),
            hours_per_month=data.get("hours_per_month") or 0,
            language=language,
            consent=ConsentText.record("volunteer", language, consent_text),
            signature=signature,
            ip_hash=ip_hash,
            created_at=now,
            mailed_at=now,
        )
        mails.queue_link(volunteer, now)
    return volunteer, True


def send_link(volunteer, now):
    """Mail the link again (at most every RESEND_MINUTES); a volunteer who left
    and offers again is back, waiting for confirmation."""
    wait = datetime.timedelta(minutes=RESEND_MINUTES)
    claimed = (
        Volunteer.objects.filter(pk=volunteer.pk)
        .exclude(mailed_at__gt=now - wait)
        .update(mailed_at=now)
    )
    if not claimed:
        return False
    if volunteer.status == Volunteer.LEFT:
        volunteer.status, volunteer.left_at = Volunteer.PENDING, None
        volunteer.save(update_fields=["status", "left_at"])
    mails.queue_link(volunteer, now)
    return True


def confirm(volunteer_id):
    """The volunteer opened the mailed link: active, and their declaration
    signature (same mailbox) confirmed with it. Confirming twice is harmless."""
    with transaction.atomic():
        Volunteer.objects.filter(pk=volunteer_id, status=Volunteer.PENDING).update(
            status=Volunteer.ACTIVE, confirmed_at=timezone.now()
        )
        volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
    if volunteer is not None and volunteer.signature_id:
        signing.confirm(volunteer.signature_id)
    return volunteer


def respond(volunteer, assignment_id, action, report=""):
    """accept, decline or done (with what was done), from the volunteer's page."""
    assignment = volunteer.assignments.filter(pk=assignment_id).first()
    if assignment is None or volunteer.status != Volunteer.ACTIVE:
        return None
    allowed = {
        "accept": (Assignment.OFFERED, Assignment.DECLINED),
        "decline": (Assignment.OFFERED, Assignment.ACCEPTED),
        "done": (Assignment.ACCEPTED,),
    }
    if assignment.status not in allowed.get(action, ()):
        return None
    now = timezone.now()
    if action == "done":
        assignment.status, assignment.done_at = Assignment.DONE, now
        assignment.report = report.strip()[:4000]
    else:
        assignment.status = Assignment.ACCEPTED if action == "accept" else Assignment.DECLINED
    assignment.responded_at = now
    assignment.save()
    return assignment


def leave(volunteer):
    """The volunteer stops: no more tasks or mail. Open tasks are declined."""
    now = timezone.now()
    with transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(status=Volunteer.LEFT, left_at=now)
        volunteer.assignments.filter(status__in=[Assignment.OFFERED, Assignment.ACCEPTED]).update(
            status=Assignment.DECLINED, responded_at=now
        )


def assign(volunteer, *, task, event=None, details="", user=None):
    """A coordinator gives an active volunteer a task; the volunteer is told."""
    with transaction.atomic():
        assignment = Assignment.objects.create(
            volunteer=volunteer, task=task, event=event, details=details, assigned_by=user
        )
        mails.queue_assignment(assignment)
    return assignment


def write_to(volunteers, message):
    """Queue a coordinator's message to each active volunteer, once each."""
    from clarion.outbox.models import Mail

    chosen = [v for v in volunteers.filter(status=Volunteer.ACTIVE).exclude(email="")]
    with transaction.atomic():
        message.recipients = len(chosen)
        message.save()
        Mail.queue_many([mails.message(v, message) for v in chosen])
    return message.recipients


def forget_unconfirmed(now=None):
    """Offers never confirmed are erased after the declaration's confirmation time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SIGNATURE_CONFIRM_DAYS)
    return Volunteer.objects.filter(status=Volunteer.PENDING, created_at__lt=cutoff).delete()[0]
