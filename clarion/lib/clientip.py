"""The client's address, honestly: forwarded headers count only from trusted proxies.
And the keyed, rotating hash that is all we ever store of it."""

import hashlib
import hmac
import ipaddress
import re
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
    """REMOTE_ADDR, unless it is a trusted proxy: then the last untrusted hop of
    the one header that proxy sets (FORWARDED_HEADER: `X-Forwarded-For`, or
    `Forwarded` of RFC 7239), read right to left, so a client cannot spoof its
    address. Any other forwarding header is the client's own and is ignored.
    A malformed header counts for nothing: the proxy's own address is used."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    if settings.FORWARDED_HEADER.lower() == "forwarded":
        hops = forwarded_for(request.META.get("HTTP_FORWARDED", ""))
    else:
        chain = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in chain.split(",") if hop.strip()]
    if hops is None:
        return remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a malformed or obfuscated hop: trust nothing before it
        if not _trusted(hop):
            return hop
    return remote


_PAIR = re.compile(r'\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)=("(?:[^"\\]|\\.)*"|[^;,"\s]*)\s*')


def forwarded_for(header):
    """The `for=` node of each element of a Forwarded header, without port or
    brackets ("unknown" and obfuscated names are kept, so they stop the walk);
    None when the header does not follow RFC 7239."""
    if len(header) > 4096:
        return None
    hops, position = [], 0
    while position < len(header):
        element = {}
        while True:
            match = _PAIR.match(header, position)
            if not match or not match.group(2):
                return None
            name, value = match.group(1).lower(), match.group(2)
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            if name in element:
                return None
            element[name] = value
            position = match.end()
            if position == len(header) or header[position] == ",":
                break
            if header[position] != ";":
                return None
            position += 1
        if "for" not in element:
            return None
        hops.append(_node_address(element["for"]))
        position += 1  # past the comma
    return hops


def _node_address(node):
    """'192.0.2.1:80' → '192.0.2.1'; '[2001:db8::1]:80' → '2001:db8::1'."""
    if node.startswith("["):
        return node[1:].split("]", 1)[0] if "]" in node else node
    if node.count(":") == 1:
        return node.split(":", 1)[0]
    return node


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


def hashed_client_ip(request):
    """The client's address as the keyed hash: what the staff-login throttle
    (django-axes, AXES_CLIENT_IP_CALLABLE) counts by."""
    return ip_hash(client_ip(request))
