"""The jury in the Wagtail admin: each juror scores the entries of their
categories; nobody but managers sees another juror's scores before judging closes."""

from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from clarion.contests import jury
from clarion.contests.models import Contest


class Refused(Exception):
    pass


def refused(message):
    """A plain 403 (Wagtail would turn PermissionDenied into a redirect home)."""
    return HttpResponseForbidden(message)


def _juror_or_manager(request, contest):
    juror = jury.juror_for(contest, request.user)
    if juror is None and not jury.manages(request.user):
        raise Refused
    return juror


def scoring(request, pk):
    """GET: the entries to score (50 a page) with this juror's marks; POST: one mark."""
    contest = get_object_or_404(Contest, pk=pk)
    try:
        juror = _juror_or_manager(request, contest)
    except Refused:
        return refused("You are not on this contest's jury.")
    if request.method == "POST":
        try:
            value = int(request.POST.get("value", ""))
            jury.score(contest, juror, int(request.POST.get("entry", "0")), value,
                       request.POST.get("comment", ""))  # fmt: skip
        except jury.NotAllowed:
            return refused("This entry is not yours to score, or judging is not open.")
        except ValueError:
            return TemplateResponse(request, "contests/admin/bad_score.html", {"contest": contest},
                                    status=400)  # fmt: skip
        return redirect(request.get_full_path())
    page = Paginator(jury.entries_for(contest, juror), jury.PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"contest": contest, "juror": juror, "page": page,
               "others_visible": jury.others_visible(contest, request.user)}  # fmt: skip
    return TemplateResponse(request, "contests/admin/scoring.html", context)


def scores(request, pk):
    """Every juror's scores: 403 for a juror before judging closes."""
    contest = get_object_or_404(Contest, pk=pk)
    try:
        _juror_or_manager(request, contest)
        rows = list(jury.all_scores(contest, request.user).order_by("entry_id", "juror_id"))
    except (Refused, jury.NotAllowed):
        return refused("Other jurors' scores are shown once judging has closed.")
    context = {"contest": contest, "rows": rows, "winners": contest.winners()}
    return TemplateResponse(request, "contests/admin/scores.html", context)


def jury_index(request):
    """The contests this person judges (every contest, for managers)."""
    found = Contest.objects.all()
    if not jury.manages(request.user):
        found = found.filter(jurors__user=request.user)
    return TemplateResponse(request, "contests/admin/jury_index.html", {"contests": found})
