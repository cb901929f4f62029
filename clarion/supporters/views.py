import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clarion.content import numbers, pagecache
from clarion.content.models import Campaign, WayPage
from clarion.content.numbers import current_stats
from clarion.lib import emails, personal_data
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.i18n import pick
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.supporters import privacy, signing, tokens
from clarion.supporters.forms import EmailOnlyForm, SignatureForm, quick_clean
from clarion.supporters.models import Signature
from clarion.supporters.worldmap import country_table, signature_map


def consent_texts():
    campaign = Campaign.current()
    consent = pick(campaign.consent) if campaign else ""
    news = _("Send me news and invitations to events (you can unsubscribe at any time).")
    return consent or _("I agree that my signature is stored and counted."), news


def join_context(request, page, form):
    context = page.get_context(request)
    context["form"] = form
    return context


def signature_map_part(stats):
    """The live map and top-ten table of the sign page (clarion.content.live)."""
    countries = stats["countries"]
    return "supporters/includes/signature_map.html", {
        "world_map": signature_map(countries),
        "top_countries": country_table(countries)[:10],
    }


@same_origin_post
def join(request, page=None):
    """The 'Become a member' page: the declaration and the sign form (GET/POST).

    Routed at /<lang>/join/ ahead of Wagtail, so the anonymous form is guarded by
    the Origin check rather than a CSRF cookie (see clarion.lib.origin). An
    accepted POST needs no page at all: the hot path stays short (and in
    production it is answered by clarion.speedups.signpost before Django's
    middleware)."""
    if request.method != "POST":
        consent, news = consent_texts()
        form = SignatureForm(consent_text=consent, news_text=news)
        pagecache.public_page(request)
        return render_join(request, page, form)
    accepted, form = accept(request)
    if accepted:
        return accepted
    return render_join(request, page, form.unshare(), status=400)


def accept(request):
    """Validate and store a sign POST: (303 answer, form or None) when accepted
    (or when a bot filled the honeypot), (None, form) when the form has errors."""
    consent, news = consent_texts()
    data, form = quick_clean(request.POST), None
    if data is None:
        form = SignatureForm(request.POST, consent_text=consent, news_text=news)
        if form.is_bot:
            return see_other("join/thanks/"), form
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
    signing.sign(
        data,
        language=translation.get_language(),
        ip_hash=ip_hash(client_ip(request)),
        consent_text=consent,
        news_text=news,
    )
    return see_other("join/thanks/"), form


def render_join(request, page, form, status=200):
    page = page or join_page()
    if page is None:
        raise Http404
    context = join_context(request, page.specific, form)
    return TemplateResponse(request, "supporters/join_page.html", context, status=status)


def join_page():
    return WayPage.current("join")


def thanks(request):
    return TemplateResponse(request, "supporters/thanks.html", {"page": join_page()})


@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST confirms (mail scanners follow links)."""
    max_age = settings.SIGNATURE_CONFIRM_DAYS * 86400
    signature_id = tokens.read(token, tokens.CONFIRM, max_age)
    signature = Signature.objects.filter(pk=signature_id).first() if signature_id else None
    if signature is None or signature.status not in (Signature.PENDING, Signature.CONFIRMED):
        return TemplateResponse(
            request, "supporters/link_invalid.html", {"page": join_page()}, status=400
        )
    if request.method == "POST":
        signature = signing.confirm(signature.pk)
        if signature is None:
            return TemplateResponse(
                request, "supporters/link_invalid.html", {"page": join_page()}, status=400
            )
        return TemplateResponse(
            request, "supporters/confirmed.html", {"signature": signature, "page": join_page()}
        )
    return TemplateResponse(
        request, "supporters/confirm.html", {"signature": signature, "page": join_page()}
    )


WALL_PAGE = 60


def wall(request):
    """Newest first, paged by id ("older than") so deep pages stay as fast as the first."""
    # `__in=[…]` rather than `=True`: Django writes a bare boolean column for the
    # latter, which SQLite cannot match against the "wall" index.
    supporters = Signature.objects.filter(
        status=Signature.CONFIRMED, show_on_wall__in=[True], quarantined__in=[False]
    ).only("kind", "name", "country")
    before = request.GET.get("before", "")
    if before.isascii() and before.isdigit():
        supporters = supporters.filter(pk__lt=int(before))
    rows = list(supporters.order_by("-pk")[: WALL_PAGE + 1])
    older = rows[WALL_PAGE - 1].pk if len(rows) > WALL_PAGE else None
    context = {"supporters": rows[:WALL_PAGE], "older": older, "paged": bool(before)}
    pagecache.public_page(request)  # only the first page: the cache skips query strings
    numbers.shows_live_numbers()  # newly confirmed supporters appear within the lag
    return TemplateResponse(request, "supporters/wall.html", context | {"page": join_page()})


def countries(request):
    pagecache.public_page(request)
    stats = current_stats()
    return TemplateResponse(
        request,
        "supporters/countries.html",
        {
            "stats": stats,
            "rows": country_table(stats["countries"]),
            "world_map": signature_map(stats["countries"]),
            "page": join_page(),
        },
    )


@same_origin_post
def privacy_request(request):
    """Ask for a 'download or erase my data' link; the answer is the same whether
    or not we know the address (signed, came to an event, or neither)."""
    form = EmailOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = emails.normalise(request.POST["email"])
        privacy.send_link(form.cleaned_data["email"], address, translation.get_language())
        return TemplateResponse(request, "supporters/privacy_sent.html", {"page": join_page()})
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "supporters/privacy_request.html",
        {"form": form, "page": join_page()},
        status=status,
    )


@same_origin_post
@require_http_methods(["GET", "POST"])
def my_data(request, token):
    holder = privacy.Holder.from_token(token)
    if holder is None:
        return TemplateResponse(
            request, "supporters/link_invalid.html", {"page": join_page()}, status=400
        )
    action = request.POST.get("action")
    if action == "download":
        response = HttpResponse(
            json.dumps(holder.export(), indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    if action == "certificate":
        from clarion.network import certificates
        from clarion.network.views import pdf_response

        certificate = certificates.for_member(holder.signature)
        if certificate is not None and not certificate.is_revoked:
            return pdf_response(certificate)
    if action == "erase":
        holder.erase()
        context = {"page": join_page(), "signed": holder.signature is not None}
        return TemplateResponse(request, "supporters/erased.html", context)
    context = {
        "signature": holder.signature,
        "member": holder.signature is not None and holder.signature.counts,
        "email": holder.canonical,
        "elsewhere": personal_data.labels(holder.elsewhere()),
        "page": join_page(),
    }
    return TemplateResponse(request, "supporters/my_data.html", context)


@csrf_exempt  # RFC 8058: mail clients POST here directly; the token is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    signature_id = tokens.read(token, tokens.UNSUBSCRIBE, tokens.UNSUBSCRIBE_DAYS * 86400)
    if signature_id is None:
        return TemplateResponse(
            request, "supporters/link_invalid.html", {"page": join_page()}, status=400
        )
    if request.method == "POST":
        signing.unsubscribe(signature_id)
        return TemplateResponse(request, "supporters/unsubscribed.html", {"page": join_page()})
    return TemplateResponse(request, "supporters/unsubscribe.html", {"page": join_page()})
