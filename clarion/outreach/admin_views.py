"""Staff views of one newsletter: checks, preview per language, test copy,
segment with its count, send now or later, pause, resume, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clarion.network.scoping import scope_of
from clarion.outreach import compose, sending
from clarion.outreach.forms import ScheduleForm, SegmentForm
from clarion.outreach.models import Newsletter
from clarion.outreach.segments import SegmentError
from clarion.outreach.tasks import send_test


def can_send(user):
    return user.is_active and (user.is_superuser or user.has_perm("outreach.send_newsletter"))


def area_of(user):
    """None: anywhere (superusers, global roles). Otherwise the user's scope
    (clarion.network): the areas of their roles, default-deny, so staff with
    the permission but no role can send to nobody."""
    scope = scope_of(user)
    return None if scope.everything else scope


@login_required
def send(request, pk):
    if not can_send(request.user):
        return HttpResponseForbidden(_("You may not send newsletters."))
    newsletter = get_object_or_404(Newsletter, pk=pk)
    form = SegmentForm(request.POST or None, initial=SegmentForm.initial_for(newsletter))
    schedule_form = ScheduleForm(request.POST if "when" in request.POST else None)
    action = request.POST.get("action", "")
    count, status = None, 200
    if request.method == "POST":
        try:
            count = act(request, newsletter, action, form, schedule_form)
        except (SegmentError, sending.SendError) as error:
            messages.error(request, str(error))
            status = 400
        if count is None and status == 200:
            return redirect("outreach_send", pk=newsletter.pk)
    context = {
        "newsletter": newsletter,
        "form": form,
        "schedule_form": schedule_form,
        "count": count,
        "problems": compose.problems(newsletter),
        "progress": newsletter.progress(),
        "versions": newsletter.versions.order_by("language"),
        "area": area_of(request.user),
    }
    return render(request, "outreach/admin/send.html", context, status=status)


def act(request, newsletter, action, form, schedule_form):
    """Runs one staff action; returns a member count to show, or None."""
    if action in ("pause", "resume", "cancel"):
        done = getattr(sending, action)(newsletter)
        messages.success(request, action_result(action, done))
        return None
    if action == "test":
        language = request.POST.get("language", "en")
        with transaction.atomic():
            send_test.enqueue(newsletter.pk, language, request.user.email)
        messages.success(
            request,
            _("A test copy (%(language)s) goes to %(address)s.")
            % {"language": language, "address": request.user.email},
        )
        return None
    if not form.is_valid():
        raise SegmentError(_("Check the segment."))
    segment = form.segment(area_of(request.user))
    if action == "count":
        return sending.count(newsletter, segment)
    if action == "send":
        total = sending.start(newsletter, segment)
        messages.success(
            request,
            ngettext("Queued for %(total)s member.", "Queued for %(total)s members.", total)
            % {"total": total},
        )
    elif action == "schedule":
        if not schedule_form.is_valid():
            raise SegmentError(_("Give a date and time to send at."))
        when = schedule_form.cleaned_data["when"]
        if when <= timezone.now():
            raise SegmentError(_("That time has passed."))
        sending.schedule(newsletter, segment, when)
        messages.success(
            request, _("Scheduled for %(when)s UTC.") % {"when": f"{when:%Y-%m-%d %H:%M}"}
        )
    return None


def action_result(action, done):
    """What pause, resume or cancel did, in the staff user's language."""
    texts = {
        "pause": (_("Pause: done."), _("Pause: nothing to do.")),
        "resume": (_("Resume: done."), _("Resume: nothing to do.")),
        "cancel": (_("Cancel: done."), _("Cancel: nothing to do.")),
    }
    return texts[action][0 if done else 1]


@login_required
def preview(request, pk, language):
    """The HTML part as a member in this language gets it (personal link inert)."""
    if not can_send(request.user):
        return HttpResponseForbidden(_("You may not send newsletters."))
    newsletter = get_object_or_404(Newsletter, pk=pk)
    version = newsletter.version_for(language)
    if version is None:
        return HttpResponse(_("No version to show."), status=404)
    text, html = compose.Prepared(newsletter, version, language).personal("#")
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)
