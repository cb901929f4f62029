"""Partners and supporters: organisations shown on /<lang>/partners/.

An organisation asks with a plain form: its name, country, website, an
optional logo and its consent (the wording it saw is kept, with the time).
The request waits until staff of its area publish it in the admin (People →
Partners); an organisation that signed the declaration with the same mailbox
is linked to its signature, so staff see at once that it is one of ours.

A logo is checked like every public upload (clarion.lib.uploads: type by
content, size and pixel count capped before decoding), then made smaller and
re-encoded, so nothing of the original file (metadata, anything appended to
it) is published.
"""

import uuid
from dataclasses import dataclass
from itertools import groupby

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from clarion.lib import emails, uploads
from clarion.lib.countries import country_name
from clarion.network.models import Partner
from clarion.supporters.models import ConsentText, Signature

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 16_000_000
LOGO_BOX = (480, 240)  # the largest a logo is kept (and shown at most half that)


@dataclass
class Logo:
    data: bytes
    extension: str
    size: tuple


def clean_logo(upload):
    """A checked, smaller, re-encoded logo; UploadRejected with a message for
    the person otherwise. Transparency is kept (PNG); anything else is JPEG."""
    clean = uploads.clean_image(upload, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS)
    image = clean.image
    image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    fmt, extension = ("PNG", "png") if image.mode == "RGBA" else ("JPEG", "jpg")
    data = uploads.CleanImage(image=image, format=clean.format).encode(fmt, quality=90)
    return Logo(data=data, extension=extension, size=image.size)


def consent_text():
    return _(
        "We agree that the campaign shows our organisation's name, country, website and "
        "logo on its partners page, and keeps this address to contact us about it. We can "
        "ask for the listing to be removed at any time."
    )


def ask(data, *, language, ip_hash, consent_text):
    """Store a request to be listed, not shown until staff publish it."""
    canonical = emails.canonical(data["email"])
    logo = data.get("logo")
    stored = ""
    if logo is not None:
        name = f"partners/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{logo.extension}"
        stored = default_storage.save(name, ContentFile(logo.data))
    organisation = Signature.objects.filter(
        email_canonical=canonical, kind=Signature.ORGANISATION
    ).first()
    try:
        with transaction.atomic():
            return Partner.objects.create(
                kind=data["kind"], name=data["name"], country=data["country"],
                link=data.get("link", ""), logo=stored,
                logo_width=logo.size[0] if logo else None,
                logo_height=logo.size[1] if logo else None,
                email=emails.normalise(data["email"]), email_canonical=canonical,
                language=language, consent=ConsentText.record("partner", language, consent_text),
                consented_at=timezone.now(), signature=organisation, ip_hash=ip_hash,
            )  # fmt: skip
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise


def stamp(partner_id):
    """Staff published (or withdrew) a listing: when it was published is kept."""
    Partner.objects.filter(pk=partner_id, published=True, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    Partner.objects.filter(pk=partner_id, published=False).update(published_at=None)


def listed():
    """The published listings as [(kind, kind label, [(country name, [partner …])])],
    partners first, countries by their name in the visitor's language."""
    partners = sorted(
        Partner.objects.filter(published=True),
        key=lambda p: (p.kind != Partner.PARTNER, country_name(p.country).casefold(),
                       p.name.casefold()),
    )  # fmt: skip
    labels = {Partner.PARTNER: _("Partners"), Partner.SUPPORTER: _("Supporters")}
    groups = []
    for kind, of_kind in groupby(partners, key=lambda p: p.kind):
        countries = [(country_name(code), list(rows))
                     for code, rows in groupby(of_kind, key=lambda p: p.country)]  # fmt: skip
        groups.append((kind, labels.get(kind, kind), countries))
    return groups


def _forget_logo(partner):
    if partner.logo:
        name = partner.logo.name
        transaction.on_commit(lambda: default_storage.delete(name))


def export(canonical):
    rows = [
        {"organisation": p.name, "kind": p.kind, "country": p.country, "link": p.link,
         "email": p.email, "logo": bool(p.logo), "published": p.published,
         "consent": p.consent.text if p.consent_id else "",
         "consented_at": p.consented_at.isoformat() if p.consented_at else None,
         "created_at": p.created_at.isoformat()}
        for p in Partner.objects.filter(email_canonical=canonical).select_related("consent")
    ]  # fmt: skip
    return {"partners": rows} if rows else {}


def erase(canonical):
    """The listing goes (published or not), and its logo with it."""
    partners = list(Partner.objects.filter(email_canonical=canonical))
    for partner in partners:
        _forget_logo(partner)
        partner.delete()
    return len(partners)
