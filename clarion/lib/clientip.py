"""The client's address, honestly: forwarded headers count only from trusted proxies.
And the keyed, rotating hash that is all we ever store of it."""

import hashlib
import hmac
import ipaddress
import time

from django.conf import settings


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request):
    """REMOTE_ADDR, unless it is a trusted proxy: then the last untrusted hop
    of X-Forwarded-For (right to left), so a client cannot spoof its address."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in chain.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a malformed header: trust nothing in it
        if not _trusted(hop):
            return hop
    return remote


def ip_network_key(address):
    """IPv6 clients often own a whole /64: rate limits treat it as one address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def ip_hash(address, now=None):
    """HMAC of the address with a key that changes every IP_HASH_ROTATION_HOURS:
    equal within a period (enough for rate limits), unlinkable across periods."""
    period = int((now or time.time()) // (settings.IP_HASH_ROTATION_HOURS * 3600))
    key = hmac.new(
        settings.IP_HASH_SECRET.encode(), f"period:{period}".encode(), hashlib.sha256
    ).digest()
    digest = hmac.new(key, ip_network_key(address).encode(), hashlib.sha256).hexdigest()
    return digest[:32]
