"""Staff views of the campaign's people, always within the user's area."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render

from clarion.network import applying, volunteering
from clarion.network.models import Application, Message, Volunteer
from clarion.network.scoping import scope_of


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    skill = forms.ChoiceField(choices=[("", "Every skill")] + Volunteer.SKILLS, required=False)
    country = forms.CharField(max_length=2, required=False, help_text="Optional: one country")


def recipients(user, skill="", country=""):
    chosen = scope_of(user).filter(Volunteer.objects.filter(status=Volunteer.ACTIVE))
    if country:
        chosen = chosen.filter(country=country.upper())
    if skill:
        chosen = [v.pk for v in chosen if skill in v.skills]
        chosen = Volunteer.objects.filter(pk__in=chosen)
    return chosen


@permission_required("network.view_volunteer", raise_exception=True)
def write(request):
    """Write to the active volunteers of one's area (a preview count, then send)."""
    form = MessageForm(request.POST or None)
    count = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = recipients(request.user, data["skill"], data["country"])
        if request.POST.get("confirmed") == "yes":
            message = Message(subject=data["subject"], body=data["body"], sent_by=request.user)
            sent = volunteering.write_to(chosen, message)
            messages.success(request, f"Queued for {sent} volunteer(s).")
            return redirect("network_write")
        count = chosen.count()
    return render(request, "network/admin/write.html", {"form": form, "count": count})


@permission_required("network.view_volunteer", raise_exception=True)
def applications(request):
    """Applications to coordinate that this user may decide (a higher level)."""
    if request.method == "POST":
        application = get_object_or_404(Application, pk=request.POST.get("id", "0") or 0)
        if not applying.may_decide(request.user, application):
            return HttpResponseForbidden("Not yours to decide.")
        approve = request.POST.get("action") == "approve"
        try:
            applying.decide(request.user, application, approve)
        except PermissionError:
            return HttpResponseForbidden("Not yours to decide.")
        verb = (
            "approved: they can set a password with 'Forgotten password'" if approve else "rejected"
        )
        messages.success(request, f"{application.volunteer.name}: {verb}.")
        return redirect("network_applications")
    context = {"applications": applying.decidable_by(request.user)}
    return render(request, "network/admin/applications.html", context)
