"""Upcoming events for the home page; the events feature registers its source
(a registry: content sits below events and must not import it)."""

_sources = []


def register_source(function):
    """function(locale) -> list of objects with title, url, date, city, country."""
    _sources.append(function)


def upcoming_events(locale, limit=3):
    found = [event for source in _sources for event in source(locale)]
    return sorted(found, key=lambda event: event.date)[:limit]
