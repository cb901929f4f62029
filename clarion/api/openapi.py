"""The OpenAPI document for /api/v1/, written by hand so it says exactly what we
promise; a test checks every answer of every operation against it."""

from django.conf import settings

from clarion.lib.i18n import FALLBACK

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def nullable(schema):
    return {**schema, "type": [schema["type"], "null"]}


TEXT = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string"}
COUNTRY = {"type": "string", "description": "ISO 3166-1 alpha-2, or empty"}
TRANSLATED = {
    "type": "object",
    "description": f"Text per language code ({', '.join(LANGUAGES)}); {FALLBACK} is the fallback.",
    "additionalProperties": {"type": "string"},
}
SOURCE = {
    "type": "object",
    "description": "Who published it and when (YYYY, YYYY-MM or YYYY-MM-DD).",
    "required": ["outlet", "date", "title", "title_is_headline", "url"],
    "properties": {
        "outlet": TEXT,
        "date": TEXT,
        "title": TEXT,
        "title_is_headline": {
            "type": "boolean",
            "description": "true: the source's own headline; false: our description of it.",
        },
        "url": URL,
    },
}


def obj(properties, description=""):
    schema = {"type": "object", "required": list(properties), "properties": properties}
    if description:
        schema["description"] = description
    return schema


STATS = obj(
    {
        "signatures": INT,
        "people": INT,
        "organisations": INT,
        "paper": INT,
        "target": INT,
        "countries": {
            "type": "object",
            "description": "Confirmed signatures per ISO 3166-1 alpha-2 country code.",
            "additionalProperties": INT,
        },
        "updated_at": TIME,
    }
)
# Kept under its old name for callers of the first version.
STATS_SCHEMA = STATS

PETITION = obj(
    {
        "slug": TEXT,
        "title": TRANSLATED,
        "text": TRANSLATED,
        "mode": {"type": "string", "enum": ["per_signature", "digest"]},
        "open": {"type": "boolean"},
        "opens_at": TIME,
        "closes_at": nullable(TIME),
        "deliver_on": nullable(DATE),
        "goal": INT,
        "signatures": INT,
        "targets": {
            "type": "array",
            "items": obj(
                {
                    "key": TEXT,
                    "name": TEXT,
                    "kind": TEXT,
                    "organisation": TEXT,
                    "country": COUNTRY,
                    "role": TEXT,
                }
            ),
        },
        "delivery": {
            "type": "object",
            "description": "Deliveries to targets by status, and how many targets got one.",
            "required": ["queued", "sending", "sent", "failed", "bounced", "targets_reached"],
            "additionalProperties": INT,
        },
        "url": URL,
    }
)
EVENT_FIELDS = {
    "id": INT,
    "type": TEXT,
    "title": TEXT,
    "description": TEXT,
    "starts_at": TIME,
    "ends_at": TIME,
    "time_zone": TEXT,
    "venue": TEXT,
    "city": TEXT,
    "country": COUNTRY,
    "online_url": URL,
    "language": TEXT,
    "url": URL,
}
EVENT = obj(
    EVENT_FIELDS
    | {"latitude": nullable({"type": "number"}), "longitude": nullable({"type": "number"})}
)
FEATURES = obj(
    {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": obj(
                {
                    "type": {"const": "Feature"},
                    "id": INT,
                    "geometry": obj(
                        {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        }
                    ),
                    "properties": obj(EVENT_FIELDS),
                }
            ),
        },
    },
    "GeoJSON (RFC 7946) of the approved events that have a position.",
)
NEWS = obj(
    {
        "id": INT,
        "key": {"type": "string", "description": "The same for an item in every language."},
        "language": TEXT,
        "text_language": {
            "type": "string",
            "description": "Language the title and summary are really in (untranslated items).",
        },
        "title": TEXT,
        "summary": TEXT,
        "date": DATE,
        "end_date": nullable(DATE),
        "city": TEXT,
        "country": COUNTRY,
        "activity": TEXT,
        "source": SOURCE,
        "url": URL,
    }
)
FACT = obj(
    {
        "key": TEXT,
        "topic": TEXT,
        "label": TRANSLATED,
        "sources_disagree": {"type": "boolean"},
        "figures": {
            "type": "array",
            "items": obj({"value": TEXT, "qualifier": TEXT, "note": TRANSLATED, "source": SOURCE}),
        },
    }
)
RECOGNITION = obj(
    {
        "key": TEXT,
        "name": TEXT,
        "type": TEXT,
        "country": COUNTRY,
        "date": TEXT,
        "form": TRANSLATED,
        "acted_by": {
            "type": "string",
            "enum": ["", "parliament", "parliamentary_assembly", "ministers", "government"],
            "description": "Which body acted; empty: the sources do not say.",
        },
        "term": {"type": "string", "description": "The words used, quoted; empty: not known."},
        "document": {"type": "string", "description": "The decision's name or number, or empty."},
        "document_url": URL,
        "source": SOURCE,
    }
)
RECOGNITION_TOTAL = obj({"key": TEXT, "claim": TRANSLATED, "count": INT, "source": SOURCE})
RESOURCE = obj(
    {
        "key": TEXT,
        "kind": TEXT,
        "title": TEXT,
        "creator": TEXT,
        "year": nullable(INT),
        "description": TRANSLATED,
        "source": SOURCE,
    }
)
COUNTRIES = obj(
    {
        "updated_at": TIME,
        "countries": {
            "type": "array",
            "description": "Countries by number of signatures, most first.",
            "items": obj({"country": COUNTRY, "signatures": INT}),
        },
    }
)
SERIES = obj(
    {
        "interval": {"type": "string", "enum": ["day", "week"]},
        "country": nullable(COUNTRY),
        "total": INT,
        "updated_at": TIME,
        "points": {
            "type": "array",
            "description": "Days (or weeks from Monday) with signatures; `total` is the "
            "running total since launch at the end of that day or week.",
            "items": obj({"date": DATE, "signatures": INT, "total": INT}),
        },
    }
)
ERROR = obj({"error": {"type": "string", "description": "What was wrong, in words."}})


def listing(item, extra=None):
    return obj(
        {
            "results": {"type": "array", "items": item},
            "next": nullable(
                {"type": "string", "description": "The next page, or null on the last one."}
            ),
        }
        | (extra or {})
    )


def param(name, description, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


PAGING = [
    param("limit", "Rows per page (1-200, 50 by default).", {"type": "integer"}),
    param("cursor", "The position a `next` link carries; opaque and signed."),
]
COUNTRY_FILTER = param("country", "ISO 3166-1 alpha-2 code, like FR.")
DATES = [
    param("from", "Only from this day (YYYY-MM-DD).", {"type": "string"}),
    param("to", "Only up to this day (YYYY-MM-DD).", {"type": "string"}),
]


def operation(operation_id, summary, schema, parameters=(), media="application/json"):
    responses = {
        "200": {"description": summary, "content": {media: {"schema": schema}}},
        "304": {"description": "Not modified since the ETag sent in If-None-Match."},
        "429": {
            "description": "Too many requests from this address; see Retry-After.",
            "content": {"application/json": {"schema": ERROR}},
        },
    }
    if parameters:
        responses["400"] = {
            "description": "A parameter was wrong (the message says which).",
            "content": {"application/json": {"schema": ERROR}},
        }
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": list(parameters),
            "responses": responses,
        }
    }


def read_paths():
    return {
        "/stats.json": operation("getStats", "Signature counts towards the target", STATS),
        "/petitions": operation(
            "listPetitions",
            "Petitions: text per language, targets, signatures and delivery",
            listing(PETITION),
            PAGING,
        ),
        "/events": operation(
            "listEvents",
            "Approved events, by start time",
            listing(EVENT),
            PAGING + [COUNTRY_FILTER, param("type", "Event type, like rally.")] + DATES,
        ),
        "/events.geojson": operation(
            "mapEvents",
            "Approved events with a position, for maps",
            FEATURES,
            [COUNTRY_FILTER, param("type", "Event type, like rally.")] + DATES,
            media="application/geo+json",
        ),
        "/news": operation(
            "listNews",
            "Campaign news with sources, newest first",
            listing(NEWS),
            PAGING
            + [
                param("lang", "Language of the items (en by default).", {"enum": LANGUAGES}),
                COUNTRY_FILTER,
                param("activity", "Kind of activity, like exhibition."),
            ]
            + DATES,
        ),
        "/facts": operation(
            "listFacts",
            "Facts: each figure with who says it",
            listing(FACT),
            PAGING,
        ),
        "/recognition": operation(
            "listRecognition",
            "Parliaments, states and organisations that recognised the events",
            listing(RECOGNITION, {"totals": {"type": "array", "items": RECOGNITION_TOTAL}}),
            PAGING,
        ),
        "/resources": operation(
            "listResources",
            "Books, films, music, exhibitions",
            listing(RESOURCE),
            PAGING + [param("kind", "book, film, music, exhibition, website or other.")],
        ),
        "/statistics/countries": operation(
            "listCountries", "Signatures per country, most first", COUNTRIES
        ),
        "/statistics/timeseries": operation(
            "getTimeSeries",
            "Signatures per day or week since launch",
            SERIES,
            [
                param("interval", "day (default) or week.", {"enum": ["day", "week"]}),
                COUNTRY_FILTER,
            ]
            + DATES,
        ),
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "getOpenApi",
                "responses": {"200": {"description": "OpenAPI 3.1 document"}},
            }
        },
    }


SIGN_REQUEST = {
    "type": "object",
    "required": ["name", "email", "country", "consent", "consent_text"],
    "properties": {
        "kind": {"type": "string", "enum": ["person", "organisation"], "default": "person"},
        "name": {"type": "string", "maxLength": 200},
        "email": {"type": "string", "format": "email"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "city": {"type": "string"},
        "organisation_type": {"type": "string"},
        "contact_person": {"type": "string"},
        "website": {"type": "string"},
        "language": {"type": "string", "enum": LANGUAGES, "default": FALLBACK},
        "consent": {"const": True, "description": "The signer ticked the consent box."},
        "consent_text": {
            "type": "string",
            "maxLength": 2000,
            "description": "The consent wording your form showed, recorded with the signature.",
        },
        "wants_news": {"type": "boolean"},
        "news_text": {"type": "string", "description": "The news opt-in wording, if ticked."},
        "signer_ip": {
            "type": "string",
            "description": "The signer's address, if you have it: only a keyed hash is kept, "
            "for the abuse limits.",
        },
    },
}
PETITION_SIGN_REQUEST = {
    **SIGN_REQUEST,
    "properties": {
        **SIGN_REQUEST["properties"],
        "line": {"type": "string", "description": "The signer's own words (optional)."},
        "reply_to_ok": {"type": "boolean"},
    },
}
ACCEPTED = obj({"status": {"const": "accepted"}, "message": TEXT})
INVALID = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": TEXT,
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}},
    },
}


def write_operation(operation_id, summary, request_schema, parameters=()):
    def answer(description, schema=ERROR):
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    return {
        "post": {
            "summary": summary,
            "operationId": operation_id,
            "security": [{"partnerKey": []}],
            "parameters": list(parameters),
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": request_schema}},
            },
            "responses": {
                "202": answer(
                    "Accepted: the signer gets an email and counts once they confirm. "
                    "The same answer whether or not the address had signed before.",
                    ACCEPTED,
                ),
                "400": answer(
                    "The body or a field is wrong (`fields` says which), or no open "
                    "petition has this slug.",
                    INVALID,
                ),
                "401": answer("No key, or an unknown or revoked one. Nothing was stored."),
                "403": answer("The key does not hold this scope."),
                "429": answer("Too many requests with this key; see Retry-After."),
            },
        }
    }


def write_paths():
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "/signatures": write_operation(
            "signDeclaration",
            "Sign the declaration for a person who used your form (scope sign_declaration)",
            SIGN_REQUEST,
        ),
        "/petitions/{slug}/signatures": write_operation(
            "signPetition",
            "Sign a petition for a person who used your form (scope sign_petition)",
            PETITION_SIGN_REQUEST,
            [slug],
        ),
    }


def openapi_document(request):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": "1.0.0",
            "description": (
                "Public figures and records of the campaign. Reads need no key, "
                "answer any origin (CORS), carry an ETag (send If-None-Match for a 304) "
                "and are limited per address. Lists are paged by cursor: follow `next`. "
                "Nothing here is about a person."
            ),
        },
        "servers": [{"url": f"{settings.SITE_URL}/api/v1"}],
        "paths": read_paths() | write_paths(),
        "components": {
            "securitySchemes": {
                "partnerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A partner's API key, issued by the campaign's staff "
                    "(Authorization: Bearer clk_…). Never put it in a URL.",
                }
            }
        },
    }
