from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from clarion.contests import entries
from clarion.contests.forms import EntryForm
from clarion.contests.models import Contest, Entry, Exhibition
from clarion.contributions.views import posted, see_other
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post

ON_SHOW = 200


def contests(request):
    """/<lang>/contests/: contests, their juries' results, exhibitions."""
    now = timezone.now()
    context = {
        "contests": Contest.objects.filter(opens_at__lte=now),
        "exhibitions": Exhibition.objects.select_related("event")[:50],
    }
    return TemplateResponse(request, "contests/list.html", context)


def shown(slug):
    return get_object_or_404(Contest, slug=slug, opens_at__lte=timezone.now())


def contest(request, slug):
    item = shown(slug)
    context = {
        "contest": item,
        "categories": item.categories.all(),
        "winners": item.winners() if item.results_public else None,
        "exhibitions": item.exhibitions.select_related("event"),
    }
    return TemplateResponse(request, "contests/contest.html", context)


def exhibition(request, slug):
    """The online exhibition: accepted works, the winners first once published."""
    item = shown(slug)
    works = Entry.objects.filter(contest=item, status=Entry.ACCEPTED).select_related("category")
    winners = item.winners() if item.results_public else {}
    prized = {entry.pk: place for places in winners.values() for place, entry, _s in places}
    works = sorted(works.order_by("-pk")[:ON_SHOW], key=lambda e: (e.pk not in prized,
                   prized.get(e.pk, 0), e.category.order))  # fmt: skip
    context = {"contest": item, "works": works, "prized": prized}
    return TemplateResponse(request, "contests/exhibition.html", context)


@same_origin_post
@require_http_methods(["GET", "POST"])
def enter(request, slug):
    item = shown(slug)
    if not item.is_open():
        return TemplateResponse(request, "contests/closed.html", {"contest": item}, status=410)
    form = EntryForm(*posted(request), contest=item)
    if request.method == "POST":
        if form.is_bot:
            return see_other(f"contests/{slug}/thanks/")
        if form.is_valid():
            entries.submit(
                item, form.cleaned_data, language=translation.get_language(),
                consent_text=str(form.fields["consent"].label),
                guardian_text=str(form.fields["guardian_consent"].label),
                ip_hash=ip_hash(client_ip(request)),
            )  # fmt: skip
            return see_other(f"contests/{slug}/thanks/")
        context = {"contest": item, "form": form}
        return TemplateResponse(request, "contests/enter.html", context, status=400)
    return TemplateResponse(request, "contests/enter.html", {"contest": item, "form": form})


def thanks(request, slug):
    return TemplateResponse(request, "contests/thanks.html", {"contest": shown(slug)})
