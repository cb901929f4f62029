"""Abuse limits. Exceeding one does not refuse a real person: the signature is
accepted but quarantined (not counted) until staff review it."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from clarion.supporters.models import Signature


def global_rate_exceeded():
    """A per-minute counter in the cache: a safety valve, shared when the cache is."""
    key = f"sign-rate:{int(timezone.now().timestamp() // 60)}"
    if cache.add(key, 1, timeout=120):
        return False
    try:
        return cache.incr(key) > settings.RATE_LIMIT_GLOBAL_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


def quarantine_reason(ip_hash, domain):
    """Why this new signature should be quarantined, or '' if it should not."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = Signature.objects.filter(created_at__gte=hour_ago)
    if ip_hash and recent.filter(ip_hash=ip_hash).count() >= settings.RATE_LIMIT_IP_PER_HOUR:
        return "ip-rate"
    if domain not in settings.RATE_LIMIT_DOMAIN_EXEMPT:
        if recent.filter(email_domain=domain).count() >= settings.RATE_LIMIT_DOMAIN_PER_HOUR:
            return "domain-rate"
    if global_rate_exceeded():
        return "global-rate"
    return ""
