import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clarion.content import numbers, pagecache
from clarion.content.models import WayPage
from clarion.events import (
    agenda,
    ics,
    mapping,
    printables,
    proposing,
    reports,
    rsvps,
    tokens,
)
from clarion.events.forms import ProposalForm, ReportForm, RSVPForm
from clarion.events.models import RSVP, Event, Report
from clarion.lib import printed, sheets, uploads
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.countries import country_choices
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.outreach import invitations
from clarion.supporters.limits import hit


def events_page():
    return WayPage.current("events")


def render(request, template, context=None, status=200):
    context = context or {}
    if "page" not in context:
        context["page"] = events_page()
    return TemplateResponse(request, f"events/{template}.html", context, status=status)


@require_GET
def calendar_page(request, page=None):
    """/<lang>/events/: the calendar with its filters and the map (the 'events' way)."""
    # Cached for anonymous visitors (without filters), briefly: what is
    # "upcoming" moves with the clock; changes to events renew it at once.
    pagecache.public_page(request)
    numbers.shows_live_numbers()
    filters = agenda.Filters.from_query(request.GET)
    offset = request.GET.get("from", "")
    offset = int(offset) if offset.isascii() and offset.isdigit() and int(offset) < 100_000 else 0
    rows, more, counts, located = agenda.listing(filters, offset=offset)
    page = page or events_page()
    if page is None:
        raise Http404
    context = page.specific.get_context(request)
    context.update(
        filters=filters,
        rows=rows,
        next_offset=offset + len(rows) if more else None,
        world_map=mapping.events_map(counts, located, translation.get_language()),
        types=Event.TYPES,
        country_options=agenda.options(country_choices(), filters.country),
        event_languages=settings.LANGUAGES,
    )
    return render(request, "calendar", context)


@same_origin_post
@require_http_methods(["GET", "POST"])
def propose(request):
    if request.method != "POST":
        return render(request, "propose", {"form": ProposalForm()})
    form = ProposalForm(request.POST)
    if form.is_bot:
        return see_other("events/new/sent/")
    hashed = ip_hash(client_ip(request))
    if hit(f"event-propose:{hashed}", 3600) > settings.EVENT_PROPOSALS_PER_HOUR:
        form.add_error(None, _("Too many proposals from your network. Please try again later."))
        return render(request, "propose", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "propose", {"form": form}, status=400)
    proposing.propose(form.cleaned_data, language=translation.get_language(), ip_hash=hashed)
    return see_other("events/new/sent/")


def proposed(request):
    return render(request, "proposed")


def invalid_link(request):
    return render(request, "link_invalid", status=400)


@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST confirms (mail scanners follow links)."""
    event = Event.objects.filter(pk=tokens.read(token, tokens.CONFIRM) or 0).first()
    if event is None:
        return invalid_link(request)
    if request.method == "POST":
        event = proposing.confirm(event.pk)
        return render(request, "confirmed", {"event": event})
    return render(request, "confirm", {"event": event})


def public_event(pk):
    event = Event.objects.select_related("news_page").filter(pk=pk).first()
    if event is None or not event.is_public:
        raise Http404
    return event


@require_GET
def detail(request, pk):
    event = public_event(pk)
    if event.news_page_id:
        return HttpResponseRedirect(event.url_in(translation.get_language()))
    return render_detail(request, event, RSVPForm())


def render_detail(request, event, form, status=200):
    report = Report.objects.filter(event=event).first()
    context = {
        "event": event,
        "form": form,
        "going": event.going_count(),
        "registered": request.GET.get("registered", ""),
        "photos": reports.public_photos(report) if report else [],
        "report": report,
    }
    return render(request, "event", context, status=status)


@same_origin_post
@require_POST
def rsvp(request, pk):
    event = public_event(pk)
    form = RSVPForm(request.POST)
    if form.is_bot:
        return see_other(f"events/{pk}/?registered=1")
    if not form.is_valid():
        return render_detail(request, event, form, status=400)
    if not rsvps.allowed(event.pk, ip_hash(client_ip(request))):
        form.add_error(None, _("Too many registrations from your network for this event."))
        return render_detail(request, event, form, status=429)
    try:
        _entry, _created = rsvps.rsvp(
            event.pk,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            language=translation.get_language(),
            consent_text=str(form.fields["consent"].label),
        )
    except rsvps.Closed:
        form.add_error(None, _("Registration for this event is closed."))
        return render_detail(request, event, form, status=409)
    # The same answer for a new, a known and a waiting guest: the page does not
    # tell who is registered; the mail tells the guest their place.
    return see_other(f"events/{pk}/?registered=1")


@same_origin_post
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    entry = RSVP.objects.select_related("event").filter(pk=tokens.read(token, tokens.CANCEL) or 0)
    entry = entry.first()
    if entry is None:
        return invalid_link(request)
    if request.method == "POST":
        entry = rsvps.cancel(entry.pk)
    return render(request, "cancel", {"rsvp": entry, "done": request.method == "POST"})


@require_GET
def event_ics(request, pk):
    event = public_event(pk)
    body = ics.render([event], event.title, translation.get_language())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_GET
def feed(request):
    """Upcoming events and those of the last year, newest additions included."""
    since = timezone.now() - timezone.timedelta(days=365)
    events = (
        agenda.public_events()
        .filter(ends_at__gte=since)
        .select_related("news_page")
        .order_by("starts_at")[:2000]
    )
    body = ics.render(events, settings.SITE_NAME, translation.get_language())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


PRINTABLES = {"poster": printables.poster, "booklet": printables.booklet}


@require_GET
def printable(request, pk, kind):
    """Poster or booklet in the event's language; cached, since drawing takes a moment."""
    event = public_event(pk)
    if kind not in PRINTABLES or event.news_page_id:
        raise Http404
    version = hashlib.sha256(f"{event.title}|{event.starts_at}|{event.language}".encode())
    key = f"events:pdf:{kind}:{event.pk}:{version.hexdigest()[:16]}"
    body = cache.get(key)
    if body is None:
        body = printed.as_pdf(PRINTABLES[kind](event), event.title)
        cache.set(key, body, 3600)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{event.pk}.pdf"'
    return response


def managed(token):
    return Event.objects.filter(pk=tokens.read(token, tokens.MANAGE) or 0).first()


@same_origin_post
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The organiser's page: status, guests, export, invitations, report."""
    event = managed(token)
    if event is None:
        return invalid_link(request)
    invited, status = None, 200
    if request.method == "POST" and request.POST.get("action") == "invite" and event.is_public:
        try:
            invited = bool(invitations.request(event))  # staff review it before it goes
        except invitations.TooMany:
            invited, status = False, 429
        event.refresh_from_db()
    guests = event.rsvps.exclude(status=RSVP.CANCELLED).order_by("created_at")
    has_report = event.is_public and Report.objects.filter(event=event).exists()
    context = {"event": event, "token": token, "guests": guests, "invited": invited,
               "has_certificate": has_report and bool(event.organiser_name.strip())}  # fmt: skip
    return render(request, "manage", context, status=status)


@require_http_methods(["GET"])
def organiser_certificate(request, token):
    """The organiser's certificate (clarion.network), once the report is in."""
    from clarion.network import certificates
    from clarion.network.views import pdf_response

    event = managed(token)
    certificate = certificates.for_organiser(event) if event is not None else None
    if certificate is None or certificate.is_revoked:
        return invalid_link(request)
    return pdf_response(certificate)


@same_origin_post
@require_http_methods(["GET", "POST"])
def edit(request, token):
    """While a proposal waits or needs changes, the organiser can correct it."""
    event = managed(token)
    if event is None:
        return invalid_link(request)
    if event.status not in (Event.NEW, Event.CHANGES):
        return see_other(f"events/manage/{token}/")
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(event))
    if request.method == "POST" and not proposing.edit_allowed(event):
        form.add_error(None, _("Too many changes to this event. Please try again in an hour."))
        return render(request, "propose", {"form": form, "event": event}, status=429)
    if request.method == "POST" and form.is_valid():
        proposing.revise(event, form.cleaned_data)
        return see_other(f"events/manage/{token}/")
    status = 400 if request.method == "POST" else 200
    return render(request, "propose", {"form": form, "event": event}, status=status)


@require_GET
def guests_csv(request, token):
    event = managed(token)
    if event is None:
        return invalid_link(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="guests-{event.pk}.csv"'
    writer = sheets.csv_writer(response)
    writer.writerow(["name", "email", "status", "registered_at"])
    for guest in event.rsvps.exclude(status=RSVP.CANCELLED).order_by("created_at"):
        writer.writerow([guest.name, guest.email, guest.status, guest.created_at.isoformat()])
    return response


@same_origin_post
@require_http_methods(["GET", "POST"])
def report(request, token):
    event = managed(token)
    if event is None:
        return invalid_link(request)
    if not event.is_public or event.starts_at > timezone.now():
        return render(request, "report_early", {"event": event, "token": token}, status=409)
    form, status = ReportForm(), 200
    if request.method == "POST":
        hashed = ip_hash(client_ip(request))
        form, status = uploads.validate_with_uploads(
            ReportForm, request.POST, request.FILES, hashed
        )
        if status is None:
            reports.file_report(event, form.cleaned_data, form.cleaned_data["photos"])
            return render(request, "report_sent", {"event": event, "token": token})
    return render(request, "report", {"event": event, "form": form, "token": token}, status=status)
