"""What can be submitted: the seam where other apps plug into the one moderation queue.

An app that takes public submissions (event photos, later) calls
`register("event-photo", _("Event photo"))` in its AppConfig.ready() and stores
each submission as a `Submission` row of that kind (its own model may point to
it with a ForeignKey); the queue, the first pass, reports and erasure then work
for it unchanged. A registry, because events sits above contributions and
contributions must not import it.
"""

from django.utils.translation import gettext_lazy as _

IMAGE, LETTER = "image", "letter"
_kinds = {IMAGE: _("Image message"), LETTER: _("Letter or drawing")}


def register(kind, label):
    if len(kind) > 20:
        raise ValueError("A kind is at most 20 characters")
    _kinds[kind] = label


def choices():
    return list(_kinds.items())


def label(kind):
    return _kinds.get(kind, kind)
