"""Is there a web address in this text? In linear time, whatever the input.

A regular expression such as `\\b[\\w-]+\\.(com|…)` tries every start inside a
long run of word characters again: 18,000 characters of `a-` took 1.5 s (and
held the interpreter lock). Here the text is split once into words and each
word is looked at once.
"""

import re

GENERIC = {
    "com", "net", "org", "info", "biz", "xyz", "io", "ly", "top", "site", "online", "club",
    "shop", "store", "app", "dev", "link", "click", "live", "life", "world", "news", "blog",
    "pro", "win", "bet", "vip", "buzz", "icu", "cc", "tv", "me", "co", "gov", "edu", "int",
}  # fmt: skip
_SEPARATORS = re.compile(r"[\s,;()<>\[\]{}\"'!?«»“”]+")
_EDGES = ".:/-_*"


def _is_domain(word):
    labels = word.strip(_EDGES).split(".")
    if len(labels) < 2 or not all(labels):
        return False
    tld = labels[-1].lower()
    if not (tld in GENERIC or (len(tld) == 2 and tld.isascii() and tld.isalpha())):
        return False
    return all(label.replace("-", "").replace("_", "").isalnum() for label in labels[:-1])


def has_link(text):
    """True for http://…, www.…, or a bare name like cheap-pills.example.com."""
    lowered = (text or "").lower()
    if "://" in lowered or "www." in lowered:
        return True
    return any(_is_domain(word) for word in _SEPARATORS.split(lowered) if "." in word)
