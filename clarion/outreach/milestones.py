"""Milestones of the declaration ("Now we are 120,000"): when the public total
passes one, a short announcement is drafted in the eight languages for staff
to approve and send; the home page shows the last one passed.

Steps come from the settings: every MILESTONE_STEP signatures up to
MILESTONE_SWITCH, then every MILESTONE_LARGE_STEP (10,000 then 100,000 by default).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from clarion.outreach.models import Newsletter, Version
from clarion.supporters import counting


def last_passed(total):
    """The highest milestone at or below `total`, or None below the first."""
    step, switch, large = (settings.MILESTONE_STEP, settings.MILESTONE_SWITCH,
                           settings.MILESTONE_LARGE_STEP)  # fmt: skip
    if step <= 0 or total < step:
        return None
    if total < switch or large <= 0:
        return total // step * step
    return max(switch // step * step, total // large * large)


def draft_due():
    """Draft the announcement of the milestone just passed (every minute in the
    worker); each milestone is drafted once. Returns the draft, or None."""
    milestone = last_passed(counting.public_stats()["signatures"])
    if milestone is None:
        return None
    if Newsletter.objects.filter(kind=Newsletter.MILESTONE, milestone__gte=milestone).exists():
        return None
    try:
        with transaction.atomic():
            newsletter = Newsletter.objects.create(
                title=f"Milestone: {milestone:,} signatures", kind=Newsletter.MILESTONE,
                milestone=milestone,
            )  # fmt: skip
            for code, _name in settings.LANGUAGES:
                subject, body = text(milestone, code)
                Version.objects.create(
                    newsletter=newsletter, language=code, subject=subject, body=body,
                    machine_made=code != "en", reviewed=code == "en",
                )  # fmt: skip
    except IntegrityError:
        return None
    return newsletter


def text(milestone, language):
    with translation.override(language):
        count = formats.number_format(milestone, force_grouping=True)
        subject = _("Now we are %(count)s") % {"count": count}
        body = _(
            "The declaration has passed %(count)s signatures. "
            "Thank you to everyone who signed and shared it."
        ) % {"count": count}
    url = f"{settings.SITE_URL}/{language}/join/"
    return subject, f"{body}\n\n{url}"


def live_part(stats):
    """The home page's live line: the last milestone passed."""
    milestone = last_passed(stats.get("signatures") or 0)
    label = None
    if milestone:
        count = formats.number_format(milestone, force_grouping=True)
        label = _("Now we are %(count)s") % {"count": count}
    context = {"milestone": label, "lang": translation.get_language()}
    return "outreach/includes/milestone.html", context
