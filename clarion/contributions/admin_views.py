"""The moderation queue in the Wagtail admin: one list for every kind of submission."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render

from clarion.contributions import kinds, moderation
from clarion.contributions.models import Submission

PER_PAGE = 50
ACTIONS = ["approve", "reject", "feature", "unfeature"]


@permission_required("contributions.moderate_submission", raise_exception=True)
def queue(request):
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [int(i) for i in request.POST.getlist("id") if i.isascii() and i.isdigit()]
        reason = request.POST.get("reason", "").strip()
        if action not in ACTIONS or not ids:
            messages.error(request, "Choose at least one item and an action.")
        elif action == "reject" and not reason:
            messages.error(request, "Give a reason when you reject.")
        else:
            changed = moderation.decide(request.user, ids, action, reason)
            messages.success(request, f"{action.capitalize()}: {changed} item(s).")
        return redirect(request.get_full_path())
    status = request.GET.get("status", Submission.PENDING)
    items = moderation.queue_for(request.user).filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in dict(kinds.choices()):
        items = items.filter(kind=kind)
    if request.GET.get("country"):
        items = items.filter(country=request.GET["country"].upper()[:2])
    items = items.order_by("-report_count", "pk") if status == Submission.PENDING else items
    context = {
        "items": items.order_by("-pk")[:PER_PAGE] if status != Submission.PENDING
        else items[:PER_PAGE],
        "status": status, "kind": kind, "statuses": Submission.STATUSES[1:],
        "kinds": kinds.choices(), "total": items.count(),
    }  # fmt: skip
    return render(request, "contributions/admin/queue.html", context)
