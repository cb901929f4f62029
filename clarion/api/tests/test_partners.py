"""The write API: partners' keys, the one sign path, nothing stored on a bad key."""

import datetime
import io
import logging

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from clarion.api import keys
from clarion.api.models import ApiKey, PartnerSignature
from clarion.api.tests.base import ApiTestCase
from clarion.outbox.models import Mail
from clarion.petitions.models import Petition, Signer
from clarion.supporters.models import Signature

CONSENT = "I agree that the campaign stores and counts my signature."


class PartnerTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.row, self.key = keys.issue("Partner Site", [ApiKey.SIGN_DECLARATION])

    def post(self, path="/api/v1/signatures", key=None, **fields):
        data = {"name": "Aylin Demir", "email": "aylin@example.org", "country": "TR",
                "consent": True, "consent_text": CONSENT, "language": "fr"} | fields  # fmt: skip
        data = {k: v for k, v in data.items() if v is not None}
        headers = {"Authorization": f"Bearer {key or self.key}"}
        return self.client.post(path, data, content_type="application/json", headers=headers)

    def test_it_signs_through_the_one_path_and_records_the_partner(self):
        response = self.post(signer_ip="198.51.100.7")
        self.assertEqual(response.status_code, 202, response.content)
        signature = Signature.objects.get(email="aylin@example.org")
        self.assertEqual(signature.status, Signature.PENDING)
        self.assertEqual(signature.language, "fr")
        self.assertEqual(signature.consent.text, CONSENT)
        self.assertNotEqual(signature.ip_hash, "198.51.100.7")
        self.assertTrue(Mail.objects.filter(key__startswith=f"sig:{signature.pk}:confirm"))
        via = PartnerSignature.objects.get(signature=signature)
        self.assertEqual(via.key, self.row)
        self.assertEqual(via.consent.text, CONSENT)

    def test_it_answers_the_same_for_an_address_that_signed_before(self):
        self.assertEqual(self.post().status_code, 202)
        again = self.post()
        self.assertEqual(again.status_code, 202)
        self.assertEqual(Signature.objects.count(), 1)

    def test_it_refuses_unknown_and_revoked_keys_and_stores_nothing(self):
        for key in ("clk_" + "x" * 43, "nonsense", ""):
            with self.subTest(key=key):
                self.assertEqual(self.post(key=key or " ").status_code, 401)
        keys.revoke(self.row.prefix)
        response = self.post()
        self.assertEqual(response.status_code, 401)
        self.assertIn("Bearer", response["WWW-Authenticate"])
        self.assertFalse(Signature.objects.exists())
        self.assertFalse(Mail.objects.exists())

    def test_it_refuses_a_key_without_the_scope(self):
        _row, petition_key = keys.issue("Other", [ApiKey.SIGN_PETITION])
        self.assertEqual(self.post(key=petition_key).status_code, 403)
        self.assertFalse(Signature.objects.exists())

    def test_it_explains_bad_fields(self):
        response = self.post(email="not-an-address", consent=None, consent_text="")
        self.assertEqual(response.status_code, 400)
        fields = response.json()["fields"]
        self.assertIn("consent_text", fields)
        response = self.post(email="not-an-address", consent=None)
        self.assertEqual(set(response.json()["fields"]), {"email", "consent"})
        self.assertFalse(Signature.objects.exists())

    def test_it_refuses_bodies_that_are_not_json_objects(self):
        headers = {"Authorization": f"Bearer {self.key}"}
        for body in ("[1, 2]", "{", "x" * 20000, '"text"'):
            with self.subTest(body=body[:10]):
                response = self.client.post(
                    "/api/v1/signatures", body, content_type="application/json", headers=headers
                )
                self.assertEqual(response.status_code, 400)

    @override_settings(API_PARTNER_PER_MINUTE=2)
    def test_it_limits_writes_per_key(self):
        self.post(email="a@example.org")
        self.post(email="b@example.org")
        self.assertEqual(self.post(email="c@example.org").status_code, 429)
        self.assertEqual(Signature.objects.count(), 2)

    def test_the_key_is_stored_only_as_a_digest_and_never_logged(self):
        self.assertNotIn(self.key, str(list(ApiKey.objects.values())))
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        root = logging.getLogger()
        root.addHandler(handler)
        old_level = root.level
        root.setLevel(logging.DEBUG)
        try:
            self.post()
            self.post(key=self.key + "x")
            self.post(email="bad")
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
        self.assertNotIn(self.key, stream.getvalue())

    def test_it_signs_a_petition(self):
        petition = Petition.objects.create(
            slug="recognise", title={"en": "Recognise"}, text={"en": "Text"},
            mode=Petition.PER_SIGNATURE, test_mode=True,
            opens_at=timezone.now() - datetime.timedelta(days=1),
        )  # fmt: skip
        _row, key = keys.issue("Petition partner", [ApiKey.SIGN_PETITION])
        response = self.post("/api/v1/petitions/recognise/signatures", key=key, line="Please act.")
        self.assertEqual(response.status_code, 202, response.content)
        signer = Signer.objects.get(petition=petition)
        self.assertEqual(signer.signature.email, "aylin@example.org")
        self.assertEqual(PartnerSignature.objects.get().petition, "recognise")
        missing = self.post("/api/v1/petitions/nothing/signatures", key=key)
        self.assertEqual(missing.status_code, 400)

    def test_it_refuses_reads_on_write_addresses(self):
        self.assertEqual(self.client.get("/api/v1/signatures").status_code, 405)

    def test_staff_issue_list_and_revoke_keys_by_command(self):
        out = io.StringIO()
        call_command("api_key", "create", "Blog", "--scope", "sign_declaration", stdout=out)
        key = out.getvalue().split("\n")[1]
        self.assertTrue(key.startswith("clk_"))
        self.assertEqual(self.post(key=key).status_code, 202)
        listing = io.StringIO()
        call_command("api_key", "list", stdout=listing)
        self.assertNotIn(key, listing.getvalue())
        call_command("api_key", "revoke", key[:10], stdout=io.StringIO())
        self.assertEqual(self.post(key=key, email="z@example.org").status_code, 401)

    def test_my_data_lists_and_erases_partner_records(self):
        from clarion.lib import personal_data

        self.post()
        found = personal_data.export("aylin@example.org")
        self.assertEqual(found["partners"][0]["partner"], "Partner Site")
        personal_data.erase("aylin@example.org")
        self.assertFalse(PartnerSignature.objects.exists())
