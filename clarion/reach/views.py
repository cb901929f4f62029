from urllib.parse import quote, urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from clarion.content import pagecache
from clarion.content.models import Campaign
from clarion.content.numbers import current_stats
from clarion.lib.i18n import pick
from clarion.lib.origin import is_same_origin
from clarion.reach import embeds
from clarion.reach import progress as figures
from clarion.supporters import views as supporters


@require_GET
def progress(request):
    """/<lang>/join/progress/: the campaign over time and by country."""
    pagecache.public_page(request)
    context = figures.overview(translation.get_language())
    context["page"] = supporters.join_page()
    return TemplateResponse(request, "reach/progress.html", context)


@require_GET
@embeds.frameable
def counter(request):
    """The live number, a progress bar and a link: a few KB, no JavaScript."""
    pagecache.public_page(request)
    stats = current_stats()
    target = stats["target"] or 1
    context = {
        "stats": stats,
        "percent": min(100, round(100 * stats["signatures"] / target, 1)),
        "campaign": Campaign.current(),
        "site": settings.SITE_URL,
    }
    return TemplateResponse(request, "reach/embed_counter.html", context)


@csrf_exempt  # framed on other sites, where our cookies are not sent: the form has its token
@require_http_methods(["GET", "POST"])
@embeds.frameable
def sign(request):
    """The declaration form for partner sites' frames; then the usual confirmation mail."""
    if request.method == "POST":
        foreign = request.headers.get("Origin") not in (None, "null") and not is_same_origin(
            request
        )
        if foreign or not embeds.token_ok(request.POST.get("form_token")):
            form = supporters_form(request.POST)
            form.is_valid()
            context = sign_context(form, _("This form has expired. Please send it again."))
            return TemplateResponse(request, "reach/embed_sign.html", context, status=403)
        accepted, form = supporters.accept(request)
        if accepted:
            accepted["Location"] = f"/{translation.get_language()}/embed/sign/thanks/"
            return accepted
        return TemplateResponse(request, "reach/embed_sign.html", sign_context(form), status=400)
    return TemplateResponse(request, "reach/embed_sign.html", sign_context(supporters_form()))


def supporters_form(data=None):
    from clarion.supporters.forms import SignatureForm

    consent, news = supporters.consent_texts()
    return SignatureForm(data, consent_text=consent, news_text=news)


def sign_context(form, refused=""):
    campaign = Campaign.current()
    return {
        "form": form,
        "form_token": embeds.form_token(),
        "refused": refused,
        "campaign": campaign,
        "declaration": pick(campaign.declaration_title) if campaign else "",
        "site": settings.SITE_URL,
    }


@require_GET
@embeds.frameable
def sign_thanks(request):
    return TemplateResponse(request, "reach/embed_thanks.html", {"site": settings.SITE_URL})


@require_GET
def share(request):
    """The <iframe> snippets for partner sites and plain share links."""
    pagecache.public_page(request)
    lang = translation.get_language()
    site = settings.SITE_URL
    join = f"{site}/{lang}/join/"
    campaign = Campaign.current()
    text = quote(pick(campaign.tagline) if campaign else settings.SITE_NAME)
    link = quote(join, safe="")
    context = {
        "page": supporters.join_page(),
        "counter_url": f"{site}/{lang}/embed/counter/",
        "sign_url": f"{site}/{lang}/embed/sign/",
        "host": urlsplit(site).netloc,
        "links": [
            (_("E-mail"), f"mailto:?subject={text}&body={link}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={link}"),
            ("X", f"https://x.com/intent/post?url={link}&text={text}"),
            ("Telegram", f"https://t.me/share/url?url={link}&text={text}"),
            ("WhatsApp", f"https://wa.me/?text={text}%20{link}"),
            ("VK", f"https://vk.com/share.php?url={link}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={link}"),
        ],
    }
    return TemplateResponse(request, "reach/share.html", context)
