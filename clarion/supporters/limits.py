"""Abuse limits. Exceeding one does not refuse a real person: the signature is
accepted but quarantined (not counted) until staff review it.

Counters live in the cache (shared between processes when CACHE_URL is Redis),
one key per address hash, domain or minute, expiring with their window.
"""

import time

from django.conf import settings
from django.core.cache import cache


def hit(key, window_seconds):
    """Count one more event in this window; returns the count so far."""
    bucket = f"rl:{key}:{int(time.time() // window_seconds)}"
    # Mostly the bucket exists: one round trip to Redis, not two.
    try:
        return cache.incr(bucket)
    except ValueError:  # a new window
        pass
    if cache.add(bucket, 1, timeout=window_seconds + 60):
        return 1
    return cache.incr(bucket)  # another request opened the window first


def quarantine_reason(ip_hash, domain):
    """Why this new signature should be quarantined, or '' if it should not."""
    if ip_hash and hit(f"ip:{ip_hash}", 3600) > settings.RATE_LIMIT_IP_PER_HOUR:
        return "ip-rate"
    if domain not in settings.RATE_LIMIT_DOMAIN_EXEMPT:
        if hit(f"domain:{domain}", 3600) > settings.RATE_LIMIT_DOMAIN_PER_HOUR:
            return "domain-rate"
    if hit("global", 60) > settings.RATE_LIMIT_GLOBAL_PER_MINUTE:
        return "global-rate"
    return ""
