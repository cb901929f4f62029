"""Abuse limits. Exceeding one does not refuse a real person: the signature is
accepted but quarantined (not counted) until staff review it.

Counters live in the cache (shared between processes when CACHE_URL is Redis),
one key per address hash, domain or minute, expiring with their window.
"""

import time
from collections import Counter

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def _bucket(key, window_seconds):
    return f"rl:{key}:{int(time.time() // window_seconds)}"


def hit(key, window_seconds):
    """Count one more event in this window; returns the count so far."""
    return hit_many([(key, window_seconds)])[0]


def hit_many(events):
    """Count events, each a (key, window_seconds), several per key allowed.
    Returns each event's count as if hit() had been called for them one after
    another: a bucket that grew by n to a total T gave its events T-n+1 … T.

    The group-commit writer counts a whole batch of signatures at once; on
    Redis that is ONE round trip (a pipeline of INCRBY and EXPIRE … NX)."""
    buckets = [(_bucket(key, window), window) for key, window in events]
    growth = Counter(buckets)
    counted = {place: total - growth[place] for place, total in _add(growth).items()}
    counts = []
    for place in buckets:
        counted[place] += 1
        counts.append(counted[place])
    return counts


def _add(growth):
    """Add n to each bucket of {(bucket, window): n}; returns the new totals."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return {place: _add_one(backend, *place, n) for place, n in growth.items()}
    pipeline = _client(backend).pipeline(transaction=False)
    for (bucket, window), n in growth.items():
        key = backend.make_and_validate_key(bucket)
        pipeline.incrby(key, n)
        pipeline.expire(key, window + 60, nx=True)
    return dict(zip(growth, pipeline.execute()[::2], strict=True))


def _add_one(backend, bucket, window, n):
    # Mostly the bucket exists: one operation, not two.
    try:
        return backend.incr(bucket, n)
    except ValueError:  # a new window
        pass
    if backend.add(bucket, n, timeout=window + 60):
        return n
    return backend.incr(bucket, n)  # another process opened the window first


def _client(backend):
    """The backend's Redis client, made once: Django builds a new one on every
    call (a tenth of a web node's time per signature went there)."""
    client = backend.__dict__.get("_rate_limit_client")
    if client is None:
        client = backend.__dict__["_rate_limit_client"] = backend._cache.get_client(write=True)
    return client


def quarantine_reasons(senders):
    """For new signatures, each an (ip_hash, email domain): why each should be
    quarantined, or '' if it should not. All are counted, in one hit_many()."""
    events, checks = [], []
    for ip_hash, domain in senders:
        limits = []
        if ip_hash:
            limits.append((f"ip:{ip_hash}", 3600, settings.RATE_LIMIT_IP_PER_HOUR, "ip-rate"))
        if domain not in settings.RATE_LIMIT_DOMAIN_EXEMPT:
            limits.append((f"domain:{domain}", 3600, settings.RATE_LIMIT_DOMAIN_PER_HOUR,
                           "domain-rate"))  # fmt: skip
        limits.append(("global", 60, settings.RATE_LIMIT_GLOBAL_PER_MINUTE, "global-rate"))
        events += [(key, window) for key, window, _limit, _reason in limits]
        checks.append(limits)
    counts = iter(hit_many(events))
    reasons = []
    for limits in checks:
        exceeded = [reason for (_k, _w, limit, reason) in limits if next(counts) > limit]
        reasons.append(exceeded[0] if exceeded else "")
    return reasons


def quarantine_reason(ip_hash, domain):
    """quarantine_reasons() for one new signature."""
    return quarantine_reasons([(ip_hash, domain)])[0]
