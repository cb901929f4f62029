import datetime

import jsonschema
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.api.openapi import openapi_document
from clarion.supporters import counting
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"


def schema_of(path, status="200"):
    """The response schema the OpenAPI document promises for GET `path`."""
    document = openapi_document(None)
    responses = document["paths"][path]["get"]["responses"][status]
    (content,) = responses["content"].values()
    return content["schema"]


def confirmed_signature(email, country="FR", when=None, kind=Signature.PERSON, **fields):
    """A confirmed, counted signature (as after the signer clicked the link)."""
    signature = Signature.objects.create(
        name=fields.pop("name", "Aylin Demir"), email=email, email_canonical=email,
        country=country, kind=kind, status=Signature.CONFIRMED,
        confirmed_at=when or timezone.now(), **fields,
    )  # fmt: skip
    counting.record(signature, +1)
    return signature


@override_settings(SITE_URL=ORIGIN)
class ApiTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def get_valid(self, path, query="", **headers):
        """GET /api/v1<path>: 200 and a body that matches the published schema."""
        response = self.client.get(f"/api/v1{path}{query}", headers=headers)
        self.assertEqual(response.status_code, 200, response.content[:300])
        data = response.json()
        jsonschema.validate(data, schema_of(path))
        return data

    def days_ago(self, days):
        return timezone.now() - datetime.timedelta(days=days)
