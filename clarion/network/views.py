"""Public pages of the campaign's people: offer help, the volunteer's own page."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clarion.contributions.views import flood_message
from clarion.lib import uploads
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.forms import HONEYPOT
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.network import applying, certificates, directory, tokens, volunteering
from clarion.network import partners as partners_
from clarion.network import schools as schools_
from clarion.network.forms import (
    ClassWorkForm,
    ContactForm,
    PartnerForm,
    SchoolClassForm,
    VolunteerForm,
)
from clarion.network.models import Assignment, Certificate, SchoolClass, Volunteer
from clarion.supporters.limits import hit
from clarion.supporters.views import consent_texts


def consent_text():
    return _(
        "I agree that the campaign stores my offer to help and that coordinators of "
        "my area may write to me about it. I can leave at any time."
    )


@same_origin_post
@require_http_methods(["GET", "POST"])
def volunteer(request):
    """/<lang>/volunteer/: the offer form; an accepted offer is stored, then 303."""
    if request.method != "POST":
        form = VolunteerForm(consent_text=consent_text())
        return TemplateResponse(request, "network/volunteer.html", {"form": form})
    form = VolunteerForm(request.POST, consent_text=consent_text())
    if form.is_bot:
        return see_other("volunteer/thanks/")
    hashed = ip_hash(client_ip(request))
    if hit(f"volunteer:{hashed}", 3600) > settings.VOLUNTEER_OFFERS_PER_HOUR:
        form.add_error(None, _("Too many offers from your network. Please try again later."))
        return TemplateResponse(request, "network/volunteer.html", {"form": form}, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "network/volunteer.html", {"form": form}, status=400)
    volunteering.offer(
        form.cleaned_data,
        language=translation.get_language(),
        ip_hash=hashed,
        consent_text=consent_text(),
        declaration_text=consent_texts()[0],
    )
    return see_other("volunteer/thanks/")


def thanks(request):
    return TemplateResponse(request, "network/volunteer_thanks.html", {})


def from_token(token, purpose):
    return Volunteer.objects.filter(pk=tokens.read(token, purpose) or 0).first()


def invalid_link(request):
    return TemplateResponse(request, "network/link_invalid.html", {}, status=400)


def confirm_by_link(request, found, confirm, page_path, template, name):
    """GET shows a button; only the POST confirms (mail scanners follow links),
    then goes to the confirmed one's own page."""
    if found is None:
        return invalid_link(request)
    if request.method == "POST":
        confirm(found)
        return see_other(page_path(found))
    return TemplateResponse(request, template, {name: found})


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    return confirm_by_link(
        request, from_token(token, tokens.CONFIRM),
        lambda volunteer: volunteering.confirm(volunteer.pk),
        lambda volunteer: f"volunteer/me/{tokens.make(volunteer.pk, tokens.PAGE)}/",
        "network/volunteer_confirm.html", "volunteer",
    )  # fmt: skip


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def page(request, token):
    """The volunteer's own page, by link: tasks to accept, decline or mark done."""
    volunteer = from_token(token, tokens.PAGE)
    if volunteer is None or volunteer.status == Volunteer.PENDING:
        return invalid_link(request)
    if request.method == "POST" and request.POST.get("action") == "apply":
        motivation = request.POST.get("motivation", "").strip()
        if len(motivation) < 10 or not applying.apply(
            volunteer, request.POST.get("level", ""), motivation
        ):
            context = {"volunteer": volunteer, "error": True, "token": token}
            return TemplateResponse(request, "network/volunteer_page.html", context, status=400)
        return see_other(f"volunteer/me/{token}/")
    if request.method == "POST":
        action, pk = request.POST.get("action", ""), request.POST.get("assignment", "")
        done = volunteering.respond(volunteer, int(pk) if pk.isascii() and pk.isdigit() else 0,
                                    action, request.POST.get("report", ""))  # fmt: skip
        if done is None:
            context = {"volunteer": volunteer, "error": True, "token": token}
            return TemplateResponse(request, "network/volunteer_page.html", context, status=400)
        return see_other(f"volunteer/me/{token}/")
    done = volunteer.assignments.filter(status=Assignment.DONE).exists()
    context = {"volunteer": volunteer, "token": token, "has_certificate": done,
               "applied": volunteer.applications.filter(status="waiting").exists()}  # fmt: skip
    return TemplateResponse(request, "network/volunteer_page.html", context)


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def leave(request, token):
    """Leave (also the one-click unsubscribe of every volunteer mail)."""
    volunteer = from_token(token, tokens.PAGE)
    if volunteer is None:
        return invalid_link(request)
    if request.method == "POST":
        volunteering.leave(volunteer)
        volunteer.refresh_from_db()
    return TemplateResponse(request, "network/volunteer_leave.html", {"volunteer": volunteer})


def volunteer_certificate(volunteer):
    """Issued once the volunteer has done a task; None before."""
    if not volunteer.assignments.filter(status=Assignment.DONE).exists():
        return None
    return certificates.issue(
        Certificate.VOLUNTEER, volunteer.name, source=f"volunteer:{volunteer.pk}",
        language=volunteer.language, email=volunteer.email,
    )  # fmt: skip


def pdf_response(certificate):
    response = HttpResponse(certificates.render(certificate), content_type="application/pdf")
    name = f"certificate-{certificate.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@require_http_methods(["GET"])
def volunteer_certificate_pdf(request, token):
    volunteer = from_token(token, tokens.PAGE)
    if volunteer is None or volunteer.status == Volunteer.PENDING:
        return invalid_link(request)
    certificate = volunteer_certificate(volunteer)
    if certificate is None or certificate.is_revoked:
        return invalid_link(request)
    return pdf_response(certificate)


@require_http_methods(["GET"])
def verify(request, number=None):
    """Anyone checks a number (typed, or from the QR code): holder, kind and
    date, or "revoked" — nothing else."""
    typed = number or request.GET.get("number", "")
    certificate = certificates.find(typed) if typed else None
    context = {"typed": typed[:40], "certificate": certificate, "checked": bool(typed)}
    status = 404 if typed and certificate is None else 200
    response = TemplateResponse(request, "network/verify.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def coordinators(request):
    """/<lang>/coordinators/: the areas that have a coordinator, by level."""
    context = {"levels": directory.by_level()}
    return TemplateResponse(request, "network/coordinators.html", context)


@same_origin_post
@require_http_methods(["GET", "POST"])
def contact(request, pk):
    """Write to an area's coordinators; their address is never shown."""
    area = directory.listed_areas().filter(pk=pk).first()
    if area is None:
        raise Http404
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:
            return see_other("coordinators/sent/")
        hashed = ip_hash(client_ip(request))
        if hit(f"contact:{hashed}", 3600) > settings.COORDINATOR_MESSAGES_PER_HOUR:
            form.add_error(None, _("Too many messages from your network. Please try again later."))
            return TemplateResponse(request, "network/contact.html", {"form": form, "area": area},
                                    status=429)  # fmt: skip
        if form.is_valid():
            directory.send(area, form.cleaned_data, language=translation.get_language())
            return see_other("coordinators/sent/")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "network/contact.html", {"form": form, "area": area},
                            status=status)  # fmt: skip


def contact_sent(request):
    return TemplateResponse(request, "network/contact_sent.html", {})


# -- schools -------------------------------------------------------------------


def school_consent_text():
    return _(
        "I am the class's teacher. I agree that the campaign stores the class's details and "
        "my address to send me the class's page, receipts and its certificate."
    )


def class_consent_text():
    return _(
        "The pupils and their parents or guardians agree that this work is published on "
        "this site after moderation, signed by the class."
    )


@same_origin_post
@require_http_methods(["GET", "POST"])
def schools(request):
    """/<lang>/schools/: what a class can do, and the form to register one."""
    language = translation.get_language()
    form = SchoolClassForm(request.POST or None, consent_text=school_consent_text(),
                           initial={"language": language})  # fmt: skip
    context = {"form": form, "packs": settings.LANGUAGES}
    if request.method != "POST":
        return TemplateResponse(request, "network/schools.html", context)
    if form.is_bot:
        return see_other("schools/thanks/")
    hashed = ip_hash(client_ip(request))
    if hit(f"school:{hashed}", 3600) > settings.VOLUNTEER_OFFERS_PER_HOUR:
        form.add_error(None, _("Too many registrations from your network. Please try later."))
        return TemplateResponse(request, "network/schools.html", context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "network/schools.html", context, status=400)
    schools_.register(form.cleaned_data, ip_hash=hashed, consent_text=school_consent_text())
    return see_other("schools/thanks/")


def schools_thanks(request):
    return TemplateResponse(request, "network/school_thanks.html", {})


@require_http_methods(["GET"])
def teacher_pack(request, code):
    """The printable pack in any of the site's languages; no personal data in it."""
    if code not in dict(settings.LANGUAGES):
        context = {"message": _("There is no teacher pack in this language.")}
        return TemplateResponse(request, "network/school_missing.html", context, status=404)
    response = HttpResponse(schools_.teacher_pack(code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="teacher-pack-{code}.pdf"'
    return response


def class_from(token, purpose):
    return SchoolClass.objects.filter(pk=tokens.read(token, purpose) or 0).first()


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def school_confirm(request, token):
    return confirm_by_link(
        request, class_from(token, tokens.CLASS_CONFIRM), schools_.confirm,
        lambda found: f"schools/class/{tokens.make(found.pk, tokens.CLASS)}/",
        "network/school_confirm.html", "school_class",
    )  # fmt: skip


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def school_class(request, token):
    """The class's page, by link: the pack, the class's works, sending one more,
    and the certificate once a work is published."""
    school_class = class_from(token, tokens.CLASS)
    if school_class is None or school_class.status != SchoolClass.ACTIVE:
        return invalid_link(request)
    status = 200
    form = ClassWorkForm(label_suffix="")
    if request.method == "POST":
        hashed = ip_hash(client_ip(request))
        make = lambda data, files: ClassWorkForm(data, files, label_suffix="")  # noqa: E731
        form, status = uploads.validate_with_uploads(
            make, request.POST, request.FILES, hashed, lambda: flood_message(hashed)
        )
        if status is None:
            schools_.submit_work(school_class, form.cleaned_data, ip_hash=hashed,
                                 consent_text=class_consent_text())  # fmt: skip
            return see_other(f"schools/class/{token}/?sent=1")
    context = {
        "school_class": school_class, "form": form, "token": token,
        "works": school_class.works.order_by("-pk"), "sent": "sent" in request.GET,
        "has_certificate": schools_.took_part(school_class),
    }  # fmt: skip
    return TemplateResponse(request, "network/school_class.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
def school_certificate_pdf(request, token):
    school_class = class_from(token, tokens.CLASS)
    if school_class is None:
        return invalid_link(request)
    certificate = schools_.certificate(school_class)
    if certificate is None or certificate.is_revoked:
        return invalid_link(request)
    return pdf_response(certificate)


# -- partners and supporters ---------------------------------------------------


@require_http_methods(["GET"])
def partners(request):
    """/<lang>/partners/: the organisations staff published, by kind and country."""
    context = {"groups": partners_.listed()}
    return TemplateResponse(request, "network/partners.html", context)


@same_origin_post
@require_http_methods(["GET", "POST"])
def partners_join(request):
    """An organisation asks to be listed; staff of its area publish it."""
    consent = partners_.consent_text()

    def make(data, files):
        return PartnerForm(data, files, consent_text=consent, label_suffix="")

    if request.method != "POST":
        return TemplateResponse(request, "network/partners_join.html", {"form": make(None, None)})
    if request.POST.get(HONEYPOT):
        return see_other("partners/thanks/")
    hashed = ip_hash(client_ip(request))

    def refused():
        if hit(f"partner:{hashed}", 3600) > settings.PARTNER_REQUESTS_PER_HOUR:
            return _("Too many requests from your network. Please try again later.")
        return None

    form, status = uploads.validate_with_uploads(make, request.POST, request.FILES, hashed, refused)
    if status is not None:
        return TemplateResponse(request, "network/partners_join.html", {"form": form},
                                status=status)  # fmt: skip
    partners_.ask(form.cleaned_data, language=translation.get_language(), ip_hash=hashed,
                  consent_text=consent)  # fmt: skip
    return see_other("partners/thanks/")


def partners_thanks(request):
    return TemplateResponse(request, "network/partners_thanks.html", {})
