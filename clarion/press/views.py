from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clarion.content.models import WayPage
from clarion.lib.clientip import client_ip, ip_hash
from clarion.lib.origin import same_origin_post
from clarion.lib.redirects import see_other
from clarion.press import kit
from clarion.press.forms import ContactForm, CoverageForm
from clarion.press.models import Coverage, PressEnquiry, PressReleasePage, too_many


def way_page():
    page = WayPage.current("press")
    if page is None:
        raise Http404
    return page


def render(request, template, context, page=None, status=200):
    page = page or way_page()
    context = page.get_context(request) | {"page": page} | context
    return TemplateResponse(request, template, context, status=status)


def press_room(request, page=None):
    """/<lang>/press/: the press kit, and the ways to releases, coverage and the contact."""
    return render(request, "press/press_room.html", {"form": ContactForm()}, page=page)


@never_cache
def releases(request):
    """Never stored by the page cache: an embargo lifts at its time, not at the
    next publish."""
    items = PressReleasePage.released(translation.get_language())
    return render(request, "press/releases.html", {"releases": items})


class ReleasesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        self.language = translation.get_language()
        return way_page()

    def title(self, page):
        return _("Press releases")

    def link(self, page):
        return f"/{self.language}/press/releases/"

    def subtitle(self, page):
        return page.title

    def items(self, page):
        return PressReleasePage.released(self.language)[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.place}, {item.date:%Y-%m-%d} — {item.intro}"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.embargo_until or item.first_published_at

    def item_updateddate(self, item):
        return max(item.last_published_at or item.first_published_at, self.item_pubdate(item))


releases_feed = never_cache(ReleasesFeed())


@same_origin_post
@require_http_methods(["GET", "POST"])
def contact(request):
    """The press contact: reaches the coordinator, whose address is never shown."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return see_other("press/contact/sent/")
        sender = ip_hash(client_ip(request))
        if too_many(PressEnquiry, sender):
            form.add_error(None, _("Too many messages from your network this hour. "
                                   "Please try again later."))  # fmt: skip
            return render(request, "press/contact.html", {"form": form}, status=429)
        PressEnquiry.receive(form.cleaned_data, language=translation.get_language(), ip_hash=sender)
        return see_other("press/contact/sent/")
    status = 400 if form.errors else 200
    return render(request, "press/contact.html", {"form": form}, status=status)


def contact_sent(request):
    return render(request, "press/sent.html", {"what": "contact"})


@never_cache
def coverage(request):
    """Coverage staff have checked, by country."""
    return render(request, "press/coverage.html", {"countries": Coverage.by_country()})


@same_origin_post
@require_http_methods(["GET", "POST"])
def report_coverage(request):
    """A volunteer reports an article or broadcast they obtained."""
    form = CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return see_other("press/coverage/sent/")
        sender = ip_hash(client_ip(request))
        if too_many(Coverage, sender):
            form.add_error(None, _("Too many messages from your network this hour. "
                                   "Please try again later."))  # fmt: skip
            return render(request, "press/report_coverage.html", {"form": form}, status=429)
        form.instance.save_reported(sender)
        return see_other("press/coverage/sent/")
    status = 400 if form.errors else 200
    return render(request, "press/report_coverage.html", {"form": form}, status=status)


def coverage_sent(request):
    return render(request, "press/sent.html", {"what": "coverage"})


def press_kit(request):
    """One zip for journalists (clarion.press.kit), built once per
    language and kept for an hour: the facts change when the pack does."""
    language = translation.get_language()
    key = f"press-kit:{language}"
    body = cache.get(key)
    if body is None:
        body = kit.build(language)
        cache.set(key, body, 3600)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="press-kit-{language}.zip"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
