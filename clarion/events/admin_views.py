"""Staff views: the proposals queue (per country), fulfilment and reports.

Report photos are moderated in the one queue of clarion.contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render

from clarion.events import materials, news, proposing, reports
from clarion.events.models import Event, Report, SupportItem
from clarion.lib.sheets import SheetError
from clarion.network.scoping import deny, scope_of


def can_review(user):
    return user.is_active and not scope_of(user).is_empty


@login_required
def queue(request):
    if not can_review(request.user):
        return HttpResponseForbidden("You coordinate no country.")
    events = proposing.moderated_by(request.user)
    context = {
        "waiting": events.filter(status__in=[Event.NEW, Event.CHANGES]).order_by("starts_at"),
        "recent": events.exclude(status__in=[Event.NEW, Event.CHANGES]).order_by("-pk")[:30],
        "reports": Report.objects.filter(event__in=events).order_by("-submitted_at")[:30],
    }
    return render(request, "events/admin/queue.html", context)


@login_required
def review(request, pk):
    event = get_object_or_404(Event, pk=pk, source=Event.PROPOSED)
    if not proposing.can_moderate(request.user, event):
        return deny(request.user, event, f"event {event.pk}")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in proposing.DECISIONS:
            try:
                proposing.moderate(event, action, request.POST.get("message", ""), request.user)
                messages.success(request, f"{event.title}: {event.get_status_display()}.")
            except ValueError as error:
                messages.error(request, str(error))
        elif action.startswith("item:"):
            advance_item(request, event, action)
        return redirect("events_review", pk=event.pk)
    return render(request, "events/admin/review.html", {"event": event})


def advance_item(request, event, action):
    _label, item_id, status = (action.split(":") + ["", ""])[:3]
    item = SupportItem.objects.filter(pk=int(item_id or 0), event=event).first()
    if item is None:
        raise Http404
    try:
        materials.advance(item.pk, status)
        messages.success(request, f"{item.material.name}: {status}.")
    except (materials.OutOfStock, materials.WrongStep) as error:
        messages.error(request, str(error))


@login_required
def report(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if not proposing.can_moderate(request.user, report.event):
        return deny(request.user, report.event, f"report of event {report.event.pk}")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "news" and not news.may_draft(request.user):
            return HttpResponseForbidden("Only editors draft news items.")
        if action == "news":
            page = news.draft_news(report)
            messages.success(request, f"Draft news item created: {page.title}.")
        elif action == "import" and request.user.has_perm("supporters.import_paper"):
            try:
                batch = reports.import_sheet(report, request.user)
                messages.success(request, f"Sheet imported: {batch}.")
            except SheetError as error:
                messages.error(request, str(error))
        return redirect("events_report", pk=report.pk)
    context = {"report": report, "may_draft": news.may_draft(request.user)}
    return render(request, "events/admin/report.html", context)
