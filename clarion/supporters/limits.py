"""Abuse limits. Exceeding one does not refuse a real person: the signature is
accepted but quarantined (not counted) until staff review it.

Counters live in the cache (shared between processes when CACHE_URL is Redis),
one key per address hash, domain or minute, expiring with their window.
"""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def _bucket(key, window_seconds):
    return f"rl:{key}:{int(time.time() // window_seconds)}"


def hit(key, window_seconds):
    """Count one more event in this window; returns the count so far."""
    bucket = _bucket(key, window_seconds)
    # Mostly the bucket exists: one round trip to Redis, not two.
    try:
        return cache.incr(bucket)
    except ValueError:  # a new window
        pass
    if cache.add(bucket, 1, timeout=window_seconds + 60):
        return 1
    return cache.incr(bucket)  # another request opened the window first


def hit_all(counters):
    """hit() for each (key, window_seconds); on Redis in ONE round trip (a
    pipeline of INCR and EXPIRE … NX), which a web node makes per signature."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [hit(key, window) for key, window in counters]
    pipeline = _client(backend).pipeline(transaction=False)
    for key, window in counters:
        bucket = backend.make_and_validate_key(_bucket(key, window))
        pipeline.incr(bucket)
        pipeline.expire(bucket, window + 60, nx=True)
    return pipeline.execute()[::2]


def _client(backend):
    """The backend's Redis client, made once: Django builds a new one on every
    call (a tenth of a web node's time per signature went there)."""
    client = backend.__dict__.get("_rate_limit_client")
    if client is None:
        client = backend.__dict__["_rate_limit_client"] = backend._cache.get_client(write=True)
    return client


def quarantine_reason(ip_hash, domain):
    """Why this new signature should be quarantined, or '' if it should not."""
    limits = []
    if ip_hash:
        limits.append((f"ip:{ip_hash}", 3600, settings.RATE_LIMIT_IP_PER_HOUR, "ip-rate"))
    if domain not in settings.RATE_LIMIT_DOMAIN_EXEMPT:
        limits.append((f"domain:{domain}", 3600, settings.RATE_LIMIT_DOMAIN_PER_HOUR,
                       "domain-rate"))  # fmt: skip
    limits.append(("global", 60, settings.RATE_LIMIT_GLOBAL_PER_MINUTE, "global-rate"))
    counts = hit_all([(key, window) for key, window, _limit, _reason in limits])
    for count, (_key, _window, limit, reason) in zip(counts, limits, strict=True):
        if count > limit:
            return reason
    return ""
