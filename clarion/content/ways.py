"""The six ways to join, and the seam where each feature attaches its view.

A feature app calls `register("join", view)` in its AppConfig.ready(); the
WayPage for that way then hands its requests to `view(request, page)`.
"""

from django.utils.translation import gettext_lazy as _

WAYS = [
    ("join", _("Become a member")),
    ("image-message", _("Create your image message")),
    ("letters", _("Express yourself")),
    ("petitions", _("Petition now")),
    ("events", _("Organise your event")),
    ("press", _("Go to media")),
]

_handlers = {}


def register(way, view):
    if way not in dict(WAYS):
        raise ValueError(f"Unknown way to join: {way!r}")
    _handlers[way] = view


def handler_for(way):
    return _handlers.get(way)
