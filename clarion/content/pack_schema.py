"""JSON Schemas that every content pack file is validated against before loading."""

LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
KEY = r"^[a-z0-9][a-z0-9-]*$"

TEXT = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["en"],
            "propertyNames": {"enum": LANGS},
            "additionalProperties": {"type": "string"},
        },
    ]
}
SOURCE = {
    "type": "object",
    "required": ["outlet", "date"],
    "additionalProperties": False,
    "properties": {
        "outlet": {"type": "string", "minLength": 2},
        "date": {"type": "string", "pattern": DATE},
        "url": {"type": "string", "pattern": "^https?://"},
        # The source's own headline, word for word (shown in quotation marks), or
        # our description of it (shown without): never both, never a bare title.
        "headline": {"type": "string", "minLength": 2},
        "about": {"type": "string", "minLength": 2},
    },
    "not": {"required": ["headline", "about"]},
}
MACHINE = {"type": "array", "items": {"enum": LANGS[1:]}}
COUNTRY = {"type": "string", "pattern": "^([A-Z]{2})?$"}


def _file(key, item):
    return {
        "type": "object",
        "required": [key],
        "properties": {"machine_translated": MACHINE, key: item},
    }


def _items(required, properties):
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": required,
            "additionalProperties": False,
            "properties": {"key": {"type": "string", "pattern": KEY}, **properties},
        },
    }


BLOCK = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {"heading": TEXT, "paragraph": TEXT},
    "additionalProperties": False,
}
PAGE = {
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "intro": TEXT,
        "body": {"type": "array", "items": BLOCK},
    },
}
PAGE_KEYS = [
    "home",
    "about",
    "join",
    "image-message",
    "letters",
    "petitions",
    "events",
    "press",
    "facts",
    "news",
    "recognition",
    "resources",
    "memorial",
    "privacy",
]

OUTLETS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "kind"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 2},
            "kind": {
                "enum": [
                    "state_news_agency",
                    "news_agency",
                    "newspaper",
                    "news_website",
                    "campaign_body",
                    "event_organiser",
                    "court",
                ]
            },
            "country": COUNTRY,
        },
    },
}

SCHEMAS = {
    "pack.yaml": _file(
        "campaign",
        {
            "type": "object",
            "required": ["key", "name", "launched", "target_signatures", "statement"],
            "properties": {
                "key": {"type": "string", "pattern": KEY},
                "name": TEXT,
                "launched": {"type": "string", "pattern": DATE},
                "initiator": {"type": "string"},
                "organisation": {"type": "string"},
                "target_signatures": {"type": "integer", "minimum": 1},
                "hashtags": {"type": "array", "items": {"type": "string"}},
                "sites": {"type": "array", "items": {"type": "string"}},
                "tagline": TEXT,
                "statement": TEXT,
                "goal": TEXT,
                "declaration": {
                    "type": "object",
                    "required": ["title", "text"],
                    "properties": {"title": TEXT, "text": TEXT},
                },
                "consent": TEXT,
                "ways": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "title"],
                        "properties": {
                            "key": {"type": "string"},
                            "title": TEXT,
                            "summary": TEXT,
                        },
                    },
                },
            },
        },
    ),
    "pages.yaml": _file(
        "pages",
        {
            "type": "object",
            "required": PAGE_KEYS,
            "propertyNames": {"enum": PAGE_KEYS},
            "additionalProperties": PAGE,
        },
    ),
    "facts.yaml": _file(
        "facts",
        _items(
            ["key", "topic", "label", "figures"],
            {
                "topic": {
                    "enum": [
                        "event",
                        "casualties",
                        "captives",
                        "missing",
                        "families",
                        "destruction",
                        "aftermath",
                    ]
                },
                "label": TEXT,
                "figures": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["value", "source"],
                        "additionalProperties": False,
                        "properties": {
                            "value": {
                                "oneOf": [
                                    {"type": ["integer", "number"]},
                                    TEXT,
                                ]
                            },
                            "qualifier": {
                                "enum": ["about", "around", "at least", "more than", "over", "some"]
                            },
                            "note": TEXT,
                            "source": SOURCE,
                        },
                    },
                },
            },
        ),
    ),
    "news.yaml": _file(
        "items",
        _items(
            ["key", "date", "activity", "title", "summary", "source"],
            {
                "date": {"type": "string", "pattern": DATE},
                "end_date": {"type": "string", "pattern": DATE},
                "city": {"type": "string"},
                "country": COUNTRY,
                "activity": {"type": "string"},
                "title": TEXT,
                "summary": TEXT,
                "source": SOURCE,
            },
        ),
    ),
    "recognition.yaml": {
        "type": "object",
        "required": ["bodies"],
        "properties": {
            "machine_translated": MACHINE,
            "bodies": _items(
                ["key", "name", "type", "source"],
                {
                    "name": TEXT,
                    "type": {
                        "enum": [
                            "state",
                            "national_parliament",
                            "us_state",
                            "subnational",
                            "international_organisation",
                        ]
                    },
                    "country": COUNTRY,
                    "date": {"type": "string", "pattern": DATE},
                    "form": TEXT,
                    # Only what a source says; left out, the page says "not known".
                    "acted_by": {
                        "enum": ["parliament", "parliamentary_assembly", "ministers", "government"]
                    },
                    "term": {"type": "string", "minLength": 2},
                    "document": {"type": "string", "minLength": 2},
                    "document_url": {"type": "string", "pattern": "^https?://"},
                    "source": SOURCE,
                },
            ),
            "totals": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["claim", "count", "source"],
                    "additionalProperties": False,
                    "properties": {
                        "claim": TEXT,
                        "count": {"type": "integer", "minimum": 0},
                        "source": SOURCE,
                    },
                },
            },
        },
    },
    "resources.yaml": _file(
        "resources",
        _items(
            ["key", "kind", "title", "source"],
            {
                "kind": {"enum": ["book", "film", "music", "exhibition", "website", "other"]},
                # A work's own title stays a plain string (shown marked as English);
                # a title of ours that only describes the item is a text.
                "title": TEXT,
                "creator": {"type": "string"},
                "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
                "description": TEXT,
                "source": SOURCE,
            },
        ),
    ),
    "targets.yaml": _file(
        "targets",
        _items(
            ["key", "name", "kind"],
            {
                "name": TEXT,
                "former": {"type": "boolean"},
                "kind": {
                    "enum": [
                        "head_of_state",
                        "government",
                        "parliament",
                        "international_organisation",
                        "office",
                    ]
                },
                "organisation": {"type": "string"},
                "country": COUNTRY,
                "role": TEXT,
                "languages": {"type": "array", "items": {"type": "string"}},
                "source": SOURCE,
            },
        ),
    ),
}
# pack.yaml also says who the sources are (one name per outlet, used by every file).
SCHEMAS["pack.yaml"]["properties"]["outlets"] = OUTLETS
