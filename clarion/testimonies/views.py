from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from clarion.contributions.views import posted, refuse_flood
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.testimonies.forms import TestimonyForm
from clarion.testimonies.models import Testimony

PER_PAGE = 30


def gallery(request):
    """/<lang>/testimonies/: published testimonies in this language, newest first."""
    items = Testimony.public(translation.get_language())[:PER_PAGE]
    return TemplateResponse(request, "testimonies/gallery.html", {"items": items})


@same_origin_post
@require_http_methods(["GET", "POST"])
def new(request):
    form = TestimonyForm(*posted(request), language=translation.get_language())
    if request.method == "POST":
        if form.is_bot:
            return see_other("testimonies/thanks/")
        if form.is_valid() and not refuse_flood(request, form):
            consent = str(form.fields["consent"].label)
            Testimony.receive(form.cleaned_data, consent_text=consent,
                              ip_hash=ip_hash(client_ip(request)))  # fmt: skip
            return see_other("testimonies/thanks/")
        status = 429 if form.non_field_errors() else 400
        return TemplateResponse(request, "testimonies/new.html", {"form": form}, status=status)
    return TemplateResponse(request, "testimonies/new.html", {"form": form})


def thanks(request):
    return TemplateResponse(request, "testimonies/thanks.html", {})
