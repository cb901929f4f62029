from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clarion.contests import entries
from clarion.contests.forms import EntryForm
from clarion.contests.models import Contest, Entry, Exhibition
from clarion.contributions.views import validated
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other

PER_PAGE = 60


def contests(request):
    """/<lang>/contests/: contests, their juries' results, exhibitions."""
    now = timezone.now()
    context = {
        "contests": Contest.objects.filter(opens_at__lte=now),
        "exhibitions": shows(Exhibition.objects.all())[:50],
    }
    return TemplateResponse(request, "contests/list.html", context)


def shown(slug):
    return get_object_or_404(Contest, slug=slug, opens_at__lte=timezone.now())


def shows(exhibitions):
    """Physical exhibitions with their event and the works on show that may be shown."""
    works = Entry.objects.eligible().order_by("pk").only("title", "display_name")
    return exhibitions.select_related("event").prefetch_related(Prefetch("works", queryset=works))


def contest(request, slug):
    item = shown(slug)
    context = {
        "contest": item,
        "categories": item.categories.all(),
        "winners": item.winners() if item.results_public else None,
        "exhibitions": shows(item.exhibitions.all()),
    }
    return TemplateResponse(request, "contests/contest.html", context)


def exhibition(request, slug):
    """The online exhibition: the winners of each category first once the results
    are published, then every other work approved and consented to (60 a page),
    and the physical exhibitions that show them."""
    item = shown(slug)
    winners = item.winners() if item.results_public else {}
    prized = [entry.pk for places in winners.values() for _place, entry, _score in places]
    works = (
        Entry.objects.eligible()
        .filter(contest=item)
        .exclude(pk__in=prized)
        .select_related("category")
        .order_by("category__order", "category_id", "-pk")
    )
    page = Paginator(works, PER_PAGE).get_page(request.GET.get("page"))
    context = {"contest": item, "winners": winners, "page": page,
               "exhibitions": shows(item.exhibitions.all())}  # fmt: skip
    return TemplateResponse(request, "contests/exhibition.html", context)


@same_origin_post
@require_http_methods(["GET", "POST"])
def enter(request, slug):
    item = shown(slug)
    if not item.is_open():
        return TemplateResponse(request, "contests/closed.html", {"contest": item}, status=410)
    if request.method != "POST":
        context = {"contest": item, "form": EntryForm(contest=item)}
        return TemplateResponse(request, "contests/enter.html", context)
    if EntryForm(request.POST, contest=item).is_bot:
        return see_other(f"contests/{slug}/thanks/")
    # Limits (entries from one network an hour) are checked before the picture is decoded.
    form, status = validated(request, lambda data, files: EntryForm(data, files, contest=item))
    if status is not None:
        context = {"contest": item, "form": form}
        return TemplateResponse(request, "contests/enter.html", context, status=status)
    entry = entries.submit(
        item, form.cleaned_data, language=translation.get_language(),
        consent_text=str(form.fields["consent"].label), ip_hash=ip_hash(client_ip(request)),
    )  # fmt: skip
    return see_other(f"contests/{slug}/thanks/{'?guardian=1' if entry.minor else ''}")


def thanks(request, slug):
    context = {"contest": shown(slug), "guardian": "guardian" in request.GET}
    return TemplateResponse(request, "contests/thanks.html", context)


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def guardian(request, token):
    """The link mailed to a minor's parent or guardian. GET shows the work and a
    button (mail scanners follow links); only the POST gives consent."""
    entry = entries.from_guardian_token(token)
    if entry is None or not entry.minor:
        return TemplateResponse(request, "contests/link_invalid.html", {}, status=400)
    if request.method == "POST":
        entries.confirm_guardian(entry, str(entries.GUARDIAN_CONSENT))
        response = HttpResponseRedirect(request.path)
        response.status_code = 303
        return response
    context = {"entry": entry, "contest": entry.contest, "consent": entries.GUARDIAN_CONSENT}
    return TemplateResponse(request, "contests/guardian.html", context)
