"""The campaign's public numbers, as served by /api/v1/stats.json.

Feature apps add their counts with `register(provider)`; a provider returns a
dict with any of signatures, people, organisations, paper and countries. Until
the declaration feature registers one, every number is zero.
"""

from django.conf import settings
from django.utils import timezone

_providers = []


def register(provider):
    _providers.append(provider)


def current_stats(live_page=True):
    """The numbers. A page that shows them as they are read here is cached only
    briefly (`live_page`); live parts (clarion.content.live) pass False."""
    from clarion.content.models import Campaign
    from clarion.content.pagecache import shows_live_numbers

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
