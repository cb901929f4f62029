"""'Download my data' and 'erase me' for everyone we hold data about: signers,
and people known only to other apps (guests, organisers …) through
clarion.lib.personal_data."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clarion.lib import personal_data
from clarion.supporters import limits, mails, signing, tokens
from clarion.supporters.models import DataRequest, Signature

LINK_DAYS = 7


def send_link(canonical, address, language):
    """Mail a link if we hold anything about this mailbox, at most every
    RESEND_MINUTES (a limit of its own: a confirmation just mailed does not
    hold it back); the caller answers the same whatever happens here."""
    signature = Signature.objects.filter(email_canonical=canonical).first()
    if signature is None and not personal_data.holds_any(canonical):
        return
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    if limits.hit(f"my-data:{digest}", settings.RESEND_MINUTES * 60) != 1:
        return
    now = timezone.now()
    if signature is not None:
        mails.queue_my_data(signature, now)
        return
    # To the address as we stored it, not as typed (which may only look alike).
    stored = personal_data.stored_addresses(canonical)
    with transaction.atomic():
        request = DataRequest.objects.create(email_canonical=canonical, created_at=now)
        mails.queue_address_data(stored[0] if stored else address, request, language, now)


def link_cutoff(now):
    """Links, and the requests behind them, made before this have expired."""
    return now - datetime.timedelta(days=LINK_DAYS)


def expire_requests(now):
    """Delete the requests whose links have expired; how many went."""
    return DataRequest.objects.filter(created_at__lt=link_cutoff(now)).delete()[0]


@dataclass
class Holder:
    """Whose data a my-data link opens: a signature, or only a mailbox."""

    canonical: str
    signature: Signature | None = None

    @classmethod
    def from_token(cls, token):
        max_age = LINK_DAYS * 86400
        signature_id = tokens.read(token, tokens.MY_DATA, max_age_seconds=max_age)
        if signature_id:
            signature = Signature.objects.filter(pk=signature_id)
            signature = signature.exclude(status=Signature.ERASED).first()
            return cls(signature.email_canonical or "", signature) if signature else None
        request_id = tokens.read(token, tokens.DATA_REQUEST, max_age_seconds=max_age)
        requests = DataRequest.objects.filter(created_at__gte=link_cutoff(timezone.now()))
        request = requests.filter(pk=request_id).first() if request_id else None
        if request and personal_data.holds_any(request.email_canonical):
            return cls(request.email_canonical)
        return None

    def elsewhere(self):
        """{app: data} held outside the declaration."""
        return personal_data.export(self.canonical) if self.canonical else {}

    def export(self):
        data = self.signature.as_export() if self.signature else {"email": self.canonical}
        return data | self.elsewhere()

    def erase(self):
        with transaction.atomic():
            if self.canonical:
                personal_data.erase(self.canonical)
                DataRequest.objects.filter(email_canonical=self.canonical).delete()
                mails.forget_address_data(self.canonical)
            if self.signature is not None:
                signing.erase(self.signature.pk)
