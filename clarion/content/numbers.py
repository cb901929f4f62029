"""The campaign's public numbers: the home page's counter, the live parts of
cached pages, embeds, charts and /api/v1/stats.json all read them here.

Feature apps add their counts with `register(provider)` (a registry, because
content sits below the features and must not import them); a provider returns
a dict with any of signatures, people, organisations, paper and countries.
Until the declaration feature registers one, every number is zero.
"""

import contextvars

from django.conf import settings
from django.utils import timezone

_providers = []
# Set while a page is drawn that shows the numbers as read (the page cache
# then keeps that page only briefly: PAGE_CACHE_LIVE_SECONDS).
page_shows_them = contextvars.ContextVar("page_shows_live_numbers", default=False)


def register(provider):
    _providers.append(provider)


def shows_live_numbers():
    """Called by whatever puts live counts into a page: shortens its life."""
    page_shows_them.set(True)


def current_stats(live_page=True):
    """The numbers. A page that shows them as they are read here is cached only
    briefly (`live_page`); live parts (clarion.content.live) pass False."""
    from clarion.content.models import Campaign

    if live_page:
        shows_live_numbers()
    campaign = Campaign.current()
    stats = {
        "signatures": 0,
        "people": 0,
        "organisations": 0,
        "paper": 0,
        "target": campaign.target_signatures if campaign else settings.SIGNATURE_TARGET,
        "countries": {},
        "updated_at": timezone.now().isoformat(),
    }
    for provider in _providers:
        stats.update(provider())
    return stats
