from django.conf import settings
from django.utils import translation

from clarion.content.models import Campaign, HomePage
from clarion.lib.i18n import pick


def site(request):
    """What the base template needs on every page: campaign, navigation, languages."""
    language = translation.get_language() or "en"
    campaign = Campaign.current()
    home = HomePage.objects.filter(locale__language_code=language).first()
    return {
        "campaign": campaign,
        "campaign_name": pick(campaign.name) if campaign else settings.SITE_NAME,
        "home_page": home,
        "nav_pages": home.get_children().live().in_menu().specific() if home else [],
        "site_url": settings.SITE_URL,
        "language_bidi": translation.get_language_bidi(),
    }
