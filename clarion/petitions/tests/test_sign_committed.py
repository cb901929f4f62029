import threading
import time

from django.db import connection, transaction
from django.test import Client, TransactionTestCase, override_settings

from clarion.petitions.models import Petition, Signer
from clarion.supporters import signing as declaration
from clarion.supporters.models import ConsentText, Signature

from .base import ORIGIN


@override_settings(SITE_URL=ORIGIN, SIGNATURE_GROUP_COMMIT=True, RATE_LIMIT_IP_PER_HOUR=1000)
class CommittedSignTestCase(TransactionTestCase):
    """The sign path as it ships: real commits, group commit on, a petition's
    own transaction around the declaration signature."""

    def setUp(self):
        self.petition = Petition.objects.create(
            slug="committed", title={"en": "Committed"}, text={"en": "Act."},
            mode=Petition.DIGEST,
        )  # fmt: skip

    def newcomer(self, client, email):
        data = {"action": "sign", "name": "Aylin Demir", "email": email, "country": "TR",
                "consent": "on"}  # fmt: skip
        return client.post("/en/petitions/committed/", data, HTTP_ORIGIN=ORIGIN)

    def test_it_signs_a_newcomer_without_waiting_for_the_writer(self):
        started = time.monotonic()
        response = self.newcomer(Client(), "aylin@example.org")
        self.assertEqual(response.status_code, 303)
        self.assertLess(time.monotonic() - started, 10)
        signer = Signer.objects.get()
        self.assertEqual(signer.signature.email, "aylin@example.org")

    def test_declaration_and_petition_signers_share_the_writer_without_stalling(self):
        """Plain declaration signatures (group commit) and petition newcomers
        (inside the petition's transaction) at once: every one answered."""
        codes = []

        def sign(n):
            client = Client()
            if n % 2:
                response = self.newcomer(client, f"p{n}@example.org")
            else:
                data = {"kind": "person", "name": "Decl", "email": f"d{n}@example.org",
                        "country": "AZ", "consent": "on"}  # fmt: skip
                response = client.post("/en/join/", data, HTTP_ORIGIN=ORIGIN)
            codes.append(response.status_code)
            connection.close()

        started = time.monotonic()
        threads = [threading.Thread(target=sign, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(codes, [303] * 12)
        self.assertLess(time.monotonic() - started, 20)
        self.assertEqual(Signature.objects.count(), 12)
        self.assertEqual(Signer.objects.count(), 6)

    def test_a_consent_text_from_a_rolled_back_transaction_is_not_reused(self):
        class Undo(Exception):
            pass

        data = {"kind": "person", "name": "Rolled Back", "email": "back@example.org",
                "country": "AZ"}  # fmt: skip
        try:
            with transaction.atomic():
                declaration.sign(data, language="en", ip_hash="", consent_text="A new wording",
                                 news_text="News")  # fmt: skip
                raise Undo
        except Undo:
            pass
        self.assertFalse(ConsentText.objects.filter(text="A new wording").exists())
        data["email"] = "after@example.org"
        signature, created = declaration.sign(
            data, language="en", ip_hash="", consent_text="A new wording", news_text="News"
        )
        self.assertTrue(created)
        self.assertEqual(Signature.objects.get(pk=signature.pk).consent.text, "A new wording")
