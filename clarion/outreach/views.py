from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from clarion.outreach import compose, preferences, tokens
from clarion.outreach.models import TOPICS, Newsletter


def published():
    return Newsletter.objects.filter(status=Newsletter.SENT, in_archive=True).order_by(
        "-finished_at"
    )


def _entries(newsletters):
    language = translation.get_language()
    for newsletter in newsletters.prefetch_related("versions"):
        version = newsletter.version_for(language, only_sendable=True)
        if version is not None:
            yield newsletter, version


@require_GET
def archive(request):
    context = {"entries": list(_entries(published()[:100]))}
    return TemplateResponse(request, "outreach/archive.html", context)


@require_GET
def web_version(request, pk):
    """The newsletter as members got it, without their personal links."""
    newsletter = get_object_or_404(published(), pk=pk)
    version = newsletter.version_for(translation.get_language(), only_sendable=True)
    if version is None:
        raise Http404
    context = {
        "newsletter": newsletter,
        "version": version,
        "body": mark_safe(compose.to_html(version.body)),  # escaped by to_html
        "fallback": version.language != translation.get_language(),
    }
    return TemplateResponse(request, "outreach/web_version.html", context)


class ArchiveFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Newsletters")

    def link(self):
        return f"/{translation.get_language()}/newsletter/"

    def items(self):
        return list(_entries(published()[:30]))

    def item_title(self, item):
        return item[1].subject

    def item_description(self, item):
        return compose.to_html(item[1].body)

    def item_link(self, item):
        return f"/{translation.get_language()}/newsletter/{item[0].pk}/"

    def item_pubdate(self, item):
        return item[0].finished_at


feed = ArchiveFeed()


@csrf_exempt  # RFC 8058: mail clients POST here directly; the signed link is the authority
@require_http_methods(["GET", "POST"])
def stop(request, topic, token):
    signature_id = tokens.read(token)
    member = preferences.member(signature_id) if signature_id else None
    topics = dict(TOPICS)
    if member is None or topic not in topics:
        return TemplateResponse(request, "outreach/link_invalid.html", {}, status=400)
    done = None
    if request.method == "POST":
        if "preferences" in request.POST:
            preferences.choose(member.pk, request.POST.getlist("topics"))
            done = _("Your choices are saved.")
        else:  # the one click (a mail client's List-Unsubscribe=One-Click, or the button)
            preferences.stop(member.pk, topic)
            done = _("Done: you will receive no more of these mails.")
    stopped = preferences.stopped(member.pk)
    context = {
        "topic": topic,
        "topic_label": topics[topic],
        "done": done,
        "choices": [(code, label, code not in stopped) for code, label in TOPICS],
        "opted_in": member.wants_news,
    }
    return TemplateResponse(request, "outreach/stop.html", context)
