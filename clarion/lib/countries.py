"""ISO 3166-1 alpha-2 countries with names in the visitor's language (CLDR via Babel)."""

from functools import cache

from babel import Locale
from django.utils import translation

# CLDR territories that are not ISO 3166-1 countries.
NOT_COUNTRIES = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
}


@cache
def _names(language):
    territories = Locale.parse(language).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


COUNTRY_CODES = frozenset(_names("en"))


def is_country(code):
    return code in COUNTRY_CODES


def country_name(code, language=None):
    if not code:
        return ""
    language = (language or translation.get_language() or "en").split("-")[0]
    return _names(language).get(code) or _names("en").get(code, code)


def country_choices(language=None):
    """(code, name) pairs sorted by name in the visitor's language."""
    language = (language or translation.get_language() or "en").split("-")[0]
    names = _names(language)
    return sorted(((code, names.get(code, code)) for code in COUNTRY_CODES), key=lambda c: c[1])
