"""The write API for partners' servers: a signature for the declaration, or
for a petition, through the same sign path as the site's own forms. The
signer still gets the confirmation mail and counts only once they confirm;
the partner and the consent wording their form showed are recorded.

Answers do not say whether the address had signed before (202 either way),
so a key cannot be used to probe who signed.
"""

import ipaddress
import json

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from clarion.api import keys
from clarion.api.http import error
from clarion.api.models import ApiKey, PartnerSignature
from clarion.lib.clientip import ip_hash
from clarion.supporters import limits
from clarion.supporters.models import ConsentText

MAX_BODY = 16 * 1024


def partner_write(scope):
    """POST with a JSON body and a key that holds `scope`."""

    def decorate(view):
        @csrf_exempt  # no cookies, no browser: the key is the credential
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                response = error(_("This address only answers POST."), 405)
                response["Allow"] = "POST"
                return response
            key = keys.find(request.headers.get("Authorization"))
            if key is None:
                response = error(_("Unknown or revoked API key."), 401)
                response["WWW-Authenticate"] = 'Bearer realm="api"'
                return response
            if scope not in key.scopes:
                return error(_("This API key may not do this."), 403)
            allowed = settings.API_PARTNER_PER_MINUTE
            if allowed and limits.hit(f"api:key:{key.pk}", 60) > allowed:
                response = error(_("Too many requests with this key; wait a minute."), 429)
                response["Retry-After"] = "60"
                return response
            data = body_of(request)
            if data is None:
                return error(_("Send a JSON object of at most 16 KB."), 400)
            return view(request, key, data, *args, **kwargs)

        return wrapped

    return decorate


def body_of(request):
    if len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def form_data(data):
    """The JSON fields as the HTML form would post them."""
    fields = ["kind", "name", "email", "country", "city", "organisation_type", "website",
              "contact_person", "line"]  # fmt: skip
    posted = {name: str(data[name]) for name in fields if isinstance(data.get(name), str | int)}
    posted.setdefault("kind", "person")
    for name in ("consent", "wants_news", "show_on_wall", "reply_to_ok"):
        if data.get(name) is True:
            posted[name] = "on"
    return posted


def wording(data):
    """(language, consent wording, news wording) the partner's form showed, or errors."""
    errors = {}
    language = data.get("language", "en")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Unknown language.")]
    consent = data.get("consent_text")
    if not isinstance(consent, str) or not consent.strip() or len(consent) > 2000:
        errors["consent_text"] = [_("Send the consent wording your form showed.")]
    news = data.get("news_text")
    if data.get("wants_news") is True and (not isinstance(news, str) or not news.strip()):
        errors["news_text"] = [_("Send the wording of the news opt-in your form showed.")]
    return language, consent, news or "", errors


def signer_hash(data):
    """The keyed hash of the signer's address if the partner sent it (for the
    abuse limits); the address itself is never stored."""
    try:
        return ip_hash(str(ipaddress.ip_address(data.get("signer_ip", ""))))
    except ValueError:
        return ""


def invalid(errors):
    return JsonResponse(
        {"error": _("Some fields are wrong; see fields."), "fields": errors}, status=400
    )


def accepted(language):
    return JsonResponse(
        {"status": "accepted", "message": _("We sent the signer an email to confirm.")},
        status=202,
    )


def record(key, signature, language, consent, petition=""):
    PartnerSignature.objects.create(
        key=key,
        signature=signature,
        petition=petition,
        consent=ConsentText.record(ConsentText.SIGNATURE, language, consent),
    )


@partner_write(ApiKey.SIGN_DECLARATION)
def sign_declaration(request, key, data):
    from django.utils import translation

    from clarion.supporters import signing
    from clarion.supporters.forms import SignatureForm

    language, consent, news, errors = wording(data)
    if errors:
        return invalid(errors)
    with translation.override(language):
        form = SignatureForm(form_data(data), consent_text=consent, news_text=news)
        if not form.is_valid():
            return invalid(_field_errors(form))
        with transaction.atomic():
            signature, created = signing.sign(
                form.cleaned_data, language=language, ip_hash=signer_hash(data),
                consent_text=consent, news_text=news,
            )  # fmt: skip
            if created:
                record(key, signature, language, consent)
        return accepted(language)


@partner_write(ApiKey.SIGN_PETITION)
def sign_petition(request, key, data, slug):
    from django.utils import translation

    from clarion.petitions import signing
    from clarion.petitions.forms import ShortForm
    from clarion.petitions.models import Petition

    petition = Petition.objects.filter(slug=slug).first()
    if petition is None or not petition.is_open():
        return error(_("No open petition with this slug."), 400)
    language, consent, news, errors = wording(data)
    if errors:
        return invalid(errors)
    with translation.override(language):
        form = ShortForm(form_data(data), consent_text=consent, news_text=news)
        if not form.is_valid():
            return invalid(_field_errors(form))
        with transaction.atomic():
            signer = signing.sign_with_form(
                petition, form.cleaned_data, language=language, ip_hash=signer_hash(data),
                consent_text=consent, news_text=news,
            )  # fmt: skip
            record(key, signer.signature, language, consent, petition=slug)
        return accepted(language)


def _field_errors(form):
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def export(canonical):
    """For "download my data": which partners' forms this mailbox signed through."""
    found = PartnerSignature.objects.filter(signature__email_canonical=canonical)
    return [
        {"partner": row.key.partner, "petition": row.petition, "at": row.created_at.isoformat()}
        for row in found.select_related("key")
    ]


def erase(canonical):
    found = PartnerSignature.objects.filter(signature__email_canonical=canonical)
    return found.delete()[0]
