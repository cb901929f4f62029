"""The OpenAPI document for /api/v1/, written by hand so it says exactly what we promise."""

from django.conf import settings

STATS_SCHEMA = {
    "type": "object",
    "required": [
        "signatures",
        "people",
        "organisations",
        "paper",
        "target",
        "countries",
        "updated_at",
    ],
    "properties": {
        "signatures": {"type": "integer", "minimum": 0},
        "people": {"type": "integer", "minimum": 0},
        "organisations": {"type": "integer", "minimum": 0},
        "paper": {"type": "integer", "minimum": 0},
        "target": {"type": "integer", "minimum": 0},
        "countries": {
            "type": "object",
            "description": "Confirmed signatures per ISO 3166-1 alpha-2 country code.",
            "additionalProperties": {"type": "integer", "minimum": 0},
        },
        "updated_at": {"type": "string", "format": "date-time"},
    },
}


def openapi_document(request):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": "1.0.0",
            "description": "Public, read-only figures of the campaign.",
        },
        "servers": [{"url": f"{settings.SITE_URL}/api/v1"}],
        "paths": {
            "/stats.json": {
                "get": {
                    "summary": "Signature counts towards the target",
                    "operationId": "getStats",
                    "responses": {
                        "200": {
                            "description": "Current counts (cached for a few seconds).",
                            "content": {"application/json": {"schema": STATS_SCHEMA}},
                        }
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "getOpenApi",
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
        },
    }
