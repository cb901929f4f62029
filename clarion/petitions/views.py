from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from clarion.content.models import WayPage
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.petitions import delivery, followups, mails, signing, tokens
from clarion.petitions.forms import MemberForm, ShortForm
from clarion.petitions.models import Petition, Reply, Signer
from clarion.supporters.forms import EmailOnlyForm
from clarion.supporters.models import Signature
from clarion.supporters.views import consent_texts


def way_page():
    return WayPage.current("petitions")


def petitions(request, page=None):
    """/<lang>/petitions/: open petitions first, then those that have closed."""
    page = page or way_page()
    if page is None:
        raise Http404
    now = timezone.now()
    found = list(Petition.objects.filter(opens_at__lte=now).prefetch_related("targets"))
    context = page.specific.get_context(request)
    context |= {
        "open": [p for p in found if p.is_open(now)],
        "closed": [p for p in found if not p.is_open(now)],
    }
    return TemplateResponse(request, "petitions/list.html", context)


def forms_for(request, member, data=None):
    consent, news = consent_texts()
    action = data.get("action") if data else None
    # A member whose cookie expired meanwhile keeps their words in the short form.
    initial = {"line": data.get("line", "")} if action == "member" else None
    return {
        "member_form": MemberForm(data if action == "member" else None),
        "form": ShortForm(
            data if action == "sign" else None,
            initial=initial,
            consent_text=consent,
            news_text=news,
        ),
        "link_form": EmailOnlyForm(data if action == "link" else None, prefix="link"),
        "member": member,
    }


@same_origin_post
@require_http_methods(["GET", "POST"])
def petition(request, slug):
    item = get_object_or_404(Petition, slug=slug, opens_at__lte=timezone.now())
    member = signing.member_from_cookie(request)
    context = {"petition": item, "page": way_page(), "count": item.shown_count()}
    context |= offline(item)
    if request.method == "GET":
        context |= forms_for(request, member)
        if member:
            context["signed"] = Signer.objects.filter(
                petition=item, signature=member, status=Signer.ACTIVE
            ).exists()
        return TemplateResponse(request, "petitions/petition.html", context)
    context |= forms_for(request, member, request.POST)
    try:
        done = sign(request, item, member, context)
    except signing.Closed:
        context["closed_now"] = True
        return TemplateResponse(request, "petitions/petition.html", context, status=409)
    if done:
        return see_other(f"petitions/{slug}/thanks/?{done}")
    return TemplateResponse(request, "petitions/petition.html", context, status=400)


def offline(item):
    """What happened off the website: signatures on paper, hand-overs in person."""
    return {
        "paper": item.shown_paper_count(),
        "handovers": item.handovers.filter(published=True).select_related("target", "photo"),
    }


def sign(request, item, member, context):
    """Handle one of the three forms; the query string for the thanks page, or None."""
    language = translation.get_language()
    action = request.POST.get("action")
    if action == "member" and member and context["member_form"].is_valid():
        data = context["member_form"].cleaned_data
        signing.sign_as_member(
            item, member, line=data["line"], reply_to_ok=data["reply_to_ok"], language=language
        )
        return "signed=1"
    if action == "sign" and context["form"].is_valid():
        if context["form"].is_bot:
            return "mail=1"
        consent, news = consent_texts()
        signing.sign_with_form(
            item,
            context["form"].cleaned_data,
            language=language,
            ip_hash=ip_hash(client_ip(request)),
            consent_text=consent,
            news_text=news,
        )
        return "mail=1"
    if action == "link" and context["link_form"].is_valid():
        if not item.is_open():
            raise signing.Closed
        found = Signature.objects.filter(
            email_canonical=context["link_form"].cleaned_data["email"],
            status=Signature.CONFIRMED,
        ).first()
        if found is not None and signing.link_allowed(found):
            mails.queue_login_link(found, item)
        return "link=1"
    return None


def thanks(request, slug):
    item = get_object_or_404(Petition, slug=slug)
    context = {"petition": item, "page": way_page(), "query": request.GET}
    return TemplateResponse(request, "petitions/thanks.html", context)


def invalid_link(request):
    return TemplateResponse(
        request, "petitions/link_invalid.html", {"page": way_page()}, status=400
    )


@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, slug, token):
    """A known address proves it is theirs: GET shows a button, POST signs."""
    pk = tokens.read(token, tokens.SIGNER)
    signer = Signer.objects.select_related("signature", "petition").filter(pk=pk).first()
    if signer is None or signer.petition.slug != slug:
        return invalid_link(request)
    context = {"petition": signer.petition, "page": way_page(), "signer": signer}
    if request.method == "GET":
        return TemplateResponse(request, "petitions/confirm.html", context)
    if not signing.confirm_by_link(signer):
        return invalid_link(request)
    response = see_other(f"petitions/{slug}/thanks/?signed=1")
    signing.remember(response, signer.signature)
    return response


@same_origin_post
@require_http_methods(["GET", "POST"])
def me(request, slug, token):
    """The member's link: a button (GET) that remembers this browser (POST), so
    that opening a forwarded or previewed link signs nobody in."""
    pk = tokens.read(token, tokens.MEMBER)
    signature = Signature.objects.filter(pk=pk, status=Signature.CONFIRMED).first()
    if signature is None:
        return invalid_link(request)
    if request.method == "GET":
        context = {"page": way_page(), "slug": slug}
        return TemplateResponse(request, "petitions/me.html", context)
    response = see_other(f"petitions/{slug}/")
    signing.remember(response, signature)
    return response


@same_origin_post
@require_http_methods(["GET", "POST"])
def answer(request, slug, token):
    pk = tokens.read(token, tokens.ANSWER)
    signer = Signer.objects.select_related("petition").filter(pk=pk).first()
    if signer is None or signer.petition.slug != slug:
        return invalid_link(request)
    context = {"petition": signer.petition, "page": way_page(), "signer": signer}
    if request.method == "POST":
        if followups.record_answer(signer, request.POST.get("answer")):
            context["thanked"] = True
        else:
            context["error"] = True
            return TemplateResponse(request, "petitions/answer.html", context, status=400)
    return TemplateResponse(request, "petitions/answer.html", context)


def report(request, slug):
    """Public delivery report: delivered / pending / failed per target."""
    item = get_object_or_404(Petition, slug=slug, opens_at__lte=timezone.now())
    context = {
        "petition": item,
        "page": way_page(),
        "count": item.shown_count(),
        "rows": delivery.summary(item),
        "replies": Reply.objects.filter(petition=item, published=True).select_related("target"),
    } | offline(item)
    return TemplateResponse(request, "petitions/report.html", context)
