"""Staff views: abuse review with a preview, paper imports, streamed exports."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clarion.lib import sheets
from clarion.lib.countries import COUNTRY_CODES
from clarion.lib.sheets import SheetError
from clarion.network.scoping import log_export, scope_of
from clarion.supporters import paper, signing
from clarion.supporters.models import Signature

MAX_UPLOAD = 20 * 1024 * 1024


def suspicious(field, since):
    """The IP hashes or domains with the most signatures since a time."""
    rows = (
        Signature.objects.filter(created_at__gte=since)
        .exclude(**{field: ""})
        .values(field)
        .annotate(
            total=Count("id"),
            quarantined=Count("id", filter=Q(quarantined=True)),
            confirmed=Count("id", filter=Q(status=Signature.CONFIRMED)),
        )
        .order_by("-total")[:20]
    )
    return [dict(r, key=r[field]) for r in rows]


def selection(post, user):
    ips = [v for v in post.getlist("ip") if v]
    domains = [v for v in post.getlist("domain") if v]
    query = Q(ip_hash__in=ips) | Q(email_domain__in=domains)
    since = timezone.now() - datetime.timedelta(hours=int(post.get("hours", "24") or 24))
    chosen = Signature.objects.filter(query, created_at__gte=since)
    return scope_of(user).filter(chosen.exclude(status=Signature.ERASED))


@permission_required("supporters.review_abuse", raise_exception=True)
def abuse(request):
    hours = request.POST.get("hours") or request.GET.get("hours") or "24"
    hours = hours if hours in ("1", "24", "168") else "24"
    since = timezone.now() - datetime.timedelta(hours=int(hours))
    context = {
        "hours": hours,
        "ips": suspicious("ip_hash", since),
        "domains": suspicious("email_domain", since),
    }
    if request.method == "POST":
        chosen = selection(request.POST, request.user)
        action = request.POST.get("action")
        reason = request.POST.get("reason", "").strip()[:300] or "staff review"
        if action == "invalidate" and request.POST.get("confirmed") == "yes":
            changed = signing.set_status(chosen, Signature.INVALIDATED, reason)
            messages.success(request, f"{changed} signatures invalidated.")
            return redirect(request.path)
        if action == "release" and request.POST.get("confirmed") == "yes":
            released = signing.release_quarantine(chosen)
            messages.success(request, f"{released} signatures released from quarantine.")
            return redirect(request.path)
        context["preview"] = {
            "action": action,
            "reason": reason,
            "total": chosen.count(),
            "counted": chosen.filter(status=Signature.CONFIRMED, quarantined=False).count(),
            "quarantined": chosen.filter(quarantined=True).count(),
            "pending": chosen.filter(status=Signature.PENDING).count(),
            "ips": request.POST.getlist("ip"),
            "domains": request.POST.getlist("domain"),
        }
    return render(request, "supporters/admin/abuse.html", context)


class EventChoice(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return f"{event.title} — {event.city or event.country}, {event.local_start:%Y-%m-%d}"


def recent_events():
    """Published events of the last two years and the next month, newest first."""
    now = timezone.now()
    return (
        paper.event_model()
        .objects.filter(status="approved", news_page__isnull=True)
        .filter(starts_at__gte=now - datetime.timedelta(days=730))
        .filter(starts_at__lte=now + datetime.timedelta(days=31))
        .order_by("-starts_at")
    )


class PaperForm(forms.Form):
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX with columns name, email, country, city")
    event = EventChoice(
        queryset=None,
        required=False,
        empty_label="— not one of our events —",
        help_text="The event where people signed, if it is in the calendar",
    )
    place = forms.CharField(
        max_length=200, required=False, help_text="Otherwise: the place or occasion, in words"
    )
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    country = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(c, c) for c in sorted(COUNTRY_CODES)]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_of(user)
        self.fields["event"].queryset = self.scope.filter(recent_events())
        countries = self.scope.countries()
        if countries is not None:  # a coordinator imports into their own countries only
            self.fields["country"].required = True
            self.fields["country"].choices = [("", "—")] + [(c, c) for c in sorted(countries)]
            if len(countries) == 1:
                self.fields["country"].initial = next(iter(countries))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload

    def clean(self):
        data = super().clean()
        event = data.get("event")
        if event is not None and not data.get("place"):
            data["place"] = paper.place_of(event)[:200]
        if event is not None and not data.get("country"):
            data["country"] = event.country
        if data.get("country") and not self.scope.covers(data["country"], ""):
            self.add_error("country", "This country is outside your area.")
        if event is None and not data.get("place"):
            self.add_error("place", "Choose the event, or name the place where people signed.")
        return data


@permission_required("supporters.import_paper", raise_exception=True)
def paper_import(request):
    form = PaperForm(request.POST or None, request.FILES or None, user=request.user)
    batch = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = paper.import_rows(
                paper.read_sheet(upload.name, upload.read()),
                place=form.cleaned_data["place"],
                event=form.cleaned_data["event"],
                date=form.cleaned_data["date"],
                country=form.cleaned_data["country"],
                filename=upload.name[:200],
                user=request.user,
                allowed=form.scope.covers,
            )
        except SheetError as error:
            form.add_error("file", str(error))
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request, "supporters/admin/paper.html", {"form": form, "batch": batch}, status=status
    )


class Echo:
    def write(self, value):
        return value


EXPORT_FIELDS = ["id", "kind", "status", "name", "email", "country", "city", "organisation_type",
                 "website", "contact_person", "language", "wants_news", "created_at",
                 "confirmed_at", "source"]  # fmt: skip


@permission_required("supporters.export_signatures", raise_exception=True)
def export_csv(request):
    """Confirmed signatures of the user's area as CSV, streamed so a million
    rows fit in little memory; every export is written to Wagtail's log."""
    chosen = scope_of(request.user).filter(Signature.objects.filter(status=Signature.CONFIRMED))
    log_export(request.user, "signatures.csv", rows=chosen.count())
    rows = chosen.order_by("pk").values_list(*EXPORT_FIELDS).iterator(chunk_size=5000)
    writer = sheets.csv_writer(Echo())

    def lines():
        yield writer.writerow(EXPORT_FIELDS)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signatures.csv"'
    return response
