"""The six ways to join. Each is a WayPage in every language (the text) and a
route of the same name in its feature app's urls.py (the form)."""

from django.utils.translation import gettext_lazy as _

WAYS = [
    ("join", _("Become a member")),
    ("image-message", _("Create your image message")),
    ("letters", _("Express yourself")),
    ("petitions", _("Petition now")),
    ("events", _("Organise your event")),
    ("press", _("Go to media")),
]
