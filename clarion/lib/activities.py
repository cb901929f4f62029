"""One vocabulary of what a campaign does, for the news archive and the events
calendar alike: an event's type is a news item's activity, so a past event
becomes news (and a news item an event) without a table between the two."""

from django.utils.translation import gettext_lazy as _

# What people can attend: the types of an event (and of news that reports one).
EVENT_TYPES = [
    ("launch", _("Launch")),
    ("presentation", _("Presentation")),
    ("lecture", _("Lecture")),
    ("exhibition", _("Exhibition")),
    ("conference", _("Conference")),
    ("rally", _("Rally")),
    ("concert", _("Concert")),
    ("flash_mob", _("Flash mob")),
    ("film_screening", _("Film screening")),
    ("tree_planting", _("Tree planting")),
    ("commemoration", _("Commemoration")),
    ("school", _("School action")),
]
OTHER = ("other", _("Other"))

# Every activity of the news archive: the events, and what is not one.
ACTIVITIES = [
    *EVENT_TYPES,
    ("certificate", _("Certificates")),
    ("publication", _("Publication")),
    ("film", _("Film")),
    ("music", _("Music")),
    ("resolution", _("Resolution")),
    ("milestone", _("Milestone")),
    ("media", _("Media")),
    OTHER,
]
