from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clarion.content.models import WayPage
from clarion.contributions import kinds, listing, submitting
from clarion.contributions.compose import SIZES
from clarion.contributions.forms import ComposeForm, GalleryForm, LetterForm, ReportForm
from clarion.contributions.models import Submission
from clarion.lib import emails, uploads
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.supporters.forms import EmailOnlyForm

DRAFT_HOURS = 24


def flood_message(hashed):
    """The message when this address sent too much this hour, else None."""
    if submitting.too_many(hashed):
        return _("Too many contributions from your network this hour. Please try again later.")
    return None


def refuse_flood(request, form):
    """True (with an error on the form) when this address sent too much this hour.
    A form with uploads should use validated(): it checks this before decoding."""
    message = flood_message(ip_hash(client_ip(request)))
    if message:
        form.add_error(None, message)
    return bool(message)


def validated(request, make_form, limit=True):
    """(form, status) for a POST: every limit is checked before a picture is decoded."""
    hashed = ip_hash(client_ip(request))
    refused = (lambda: flood_message(hashed)) if limit else None
    return uploads.validate_with_uploads(make_form, request.POST, request.FILES, hashed, refused)


def posted(request):
    """Form data for a POST (even an empty one, so it gets its messages), else nothing."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def render_way(request, page, way, template, context, status=200):
    page = page or WayPage.current(way)
    if page is None:
        raise Http404
    context = page.specific.get_context(request) | context
    return TemplateResponse(request, template, context, status=status)


@same_origin_post
def image_message(request, page=None):
    """The composer (GET), or a new draft from its form (POST)."""
    language = translation.get_language()
    if request.method == "POST":
        form, status = validated(request, lambda d, f: ComposeForm(d, f, language=language))
        if status is None:
            draft = submitting.save_draft(
                form.composition(), form.cleaned_data["photo"], ip_hash(client_ip(request))
            )
            return see_other(f"image-message/draft/{submitting.make_token(draft.pk, 'draft')}/")
        return render_way(request, page, "image-message", "contributions/composer.html",
                          {"form": form}, status=status)  # fmt: skip
    form = ComposeForm(language=language)
    context = {"form": form, "recent": listing.recent(kinds.IMAGE, 6)}
    return render_way(request, page, "image-message", "contributions/composer.html", context)


def draft_of(token):
    pk = submitting.read_token(token, submitting.DRAFT, max_age_seconds=DRAFT_HOURS * 3600)
    drafts = Submission.objects.filter(status=Submission.DRAFT, kind=kinds.IMAGE)
    draft = drafts.filter(pk=pk).first() if pk else None
    if draft is None:
        raise Http404
    return draft


@same_origin_post
@require_http_methods(["GET", "POST"])
def draft(request, token):
    """The preview with download links; its form changes the choices (POST)."""
    draft = draft_of(token)
    initial = {k: v for k, v in draft.composition.items() if k != "text"}
    language = translation.get_language()
    form, status = ComposeForm(initial=initial, language=language), 200
    if request.method == "POST":
        form, status = validated(  # no new draft: only the pictures are counted
            request, lambda d, f: ComposeForm(d, f, initial=initial, language=language), False
        )
        if status is None:
            submitting.save_draft(form.composition(), form.cleaned_data["photo"], "", draft)
            return see_other(f"image-message/draft/{token}/")
    context = {"form": form, "draft": draft, "token": token, "sizes": SIZES,
               "gallery_form": GalleryForm()}  # fmt: skip
    return render_way(request, None, "image-message", "contributions/draft.html", context, status)


def draft_image(request, token, size):
    """The draft as JPEG. With the composer's fields in the query (the live preview
    script sends them), it shows those choices without saving them."""
    if size not in SIZES:
        raise Http404
    draft = draft_of(token)
    if "frame" in request.GET:
        form = ComposeForm(request.GET, language=translation.get_language())
        if not form.is_valid():
            return HttpResponse(status=400)
        draft.composition = form.composition()
    response = HttpResponse(submitting.render(draft, size), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=60"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="image-message-{size}.jpg"'
    return response


@same_origin_post
@require_POST
def draft_submit(request, token):
    draft = draft_of(token)
    form = GalleryForm(request.POST)
    if form.is_bot:
        return see_other("image-message/thanks/")
    if not form.is_valid():
        context = {"form": ComposeForm(initial=draft.composition), "draft": draft,
                   "token": token, "sizes": SIZES, "gallery_form": form}  # fmt: skip
        return render_way(request, None, "image-message", "contributions/draft.html", context,
                          status=400)  # fmt: skip
    submitting.submit_image(draft, form.cleaned_data, str(form.fields["consent"].label))
    return see_other("image-message/thanks/")


@same_origin_post
def letters(request, page=None):
    """Express yourself: the form (GET/POST) and the newest published letters."""
    language = translation.get_language()
    form = LetterForm(language=language)
    if request.method == "POST":
        if LetterForm(request.POST, language=language).is_bot:
            return see_other("letters/thanks/")
        form, status = validated(request, lambda d, f: LetterForm(d, f, language=language))
        if status is None:
            submitting.submit_letter(
                form.cleaned_data, str(form.fields["consent"].label), ip_hash(client_ip(request))
            )
            return see_other("letters/thanks/")
        return render_way(request, page, "letters", "contributions/letters.html",
                          {"form": form}, status=status)  # fmt: skip
    context = {"form": form, "recent": listing.recent(kinds.LETTER, 6)}
    return render_way(request, page, "letters", "contributions/letters.html", context)


def thanks(request, way):
    return render_way(request, None, way, "contributions/thanks.html", {"way": way})


def gallery(request, way):
    items, older, filters = listing.page(way, request.GET)
    context = {"items": items, "older": older, "filters": filters, "way": way,
               "options": listing.options(way, filters)}  # fmt: skip
    return render_way(request, None, way, "contributions/gallery.html", context)


def item(request, way, pk):
    submission = get_object_or_404(listing.public(way), pk=pk)
    context = {"item": submission, "report_form": ReportForm(), "way": way,
               "reported": "reported" in request.GET}  # fmt: skip
    return render_way(request, None, way, "contributions/item.html", context)


@same_origin_post
@require_POST
def report(request, way, pk):
    submission = get_object_or_404(listing.public(way), pk=pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        submission.report(ip_hash(client_ip(request)), form.cleaned_data["reason"])
        return see_other(f"{listing.section(way)}/{pk}/?reported=1")
    context = {"item": submission, "report_form": form, "way": way}
    return render_way(request, None, way, "contributions/item.html", context, status=400)


@same_origin_post
@require_http_methods(["GET", "POST"])
def erase(request, token):
    """GET shows what will be erased and a button; only the POST erases."""
    pk = submitting.read_token(token, submitting.ERASE, submitting.ERASE_DAYS * 86400)
    submission = Submission.objects.filter(pk=pk).first() if pk else None
    if submission is None:
        return render_way(request, None, "letters", "contributions/erase.html",
                          {"gone": True}, status=400 if pk is None else 200)  # fmt: skip
    if request.method == "POST":
        submission.erase()
        return render_way(request, None, "letters", "contributions/erase.html", {"done": True})
    return render_way(request, None, "letters", "contributions/erase.html", {"item": submission})


@same_origin_post
def erase_request(request):
    """Ask for erase links by mail; the answer is the same whether or not we know the address."""
    form = EmailOnlyForm(*posted(request)[:1])
    if request.method == "POST" and form.is_valid():
        email = emails.normalise(request.POST["email"])
        submitting.queue_erase_links(email, translation.get_language(), timezone.now())
        return render_way(request, None, "letters", "contributions/erase_request.html",
                          {"sent": True})  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render_way(request, None, "letters", "contributions/erase_request.html",
                      {"form": form}, status=status)  # fmt: skip
