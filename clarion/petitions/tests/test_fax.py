"""The HTTP fax gateway against a local fake fax API started by the test."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import override_settings

from clarion.petitions import delivery, signing
from clarion.petitions.fax import HttpGateway
from clarion.petitions.models import Attempt, Delivery

from .base import OFFICE_TIME, PetitionTestCase
from .test_delivery import run_claimed


class FakeFaxApi(BaseHTTPRequestHandler):
    answers = []  # (status, body) per request, in order
    received = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, dict(self.headers), body))
        status, answer = self.answers.pop(0) if self.answers else (200, {"id": "fx-1"})
        if status == "hang":
            threading.Event().wait(2)
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


class FaxTestCase(PetitionTestCase):
    def setUp(self):
        super().setUp()
        FakeFaxApi.answers, FakeFaxApi.received = [], []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFaxApi)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        gateway = override_settings(FAX_GATEWAY_URL=self.url, FAX_GATEWAY_TOKEN="secret-token")
        gateway.enable()
        self.addCleanup(gateway.disable)
        signing.sign_as_member(self.petition, self.member(), line="Faxed words")

    def fax_row(self):
        return Delivery.objects.get(channel=Delivery.FAX)

    def test_it_faxes_a_pdf_after_a_gateway_failure(self):
        FakeFaxApi.answers = [(503, {"error": "busy"}), (200, {"id": "fx-42"})]
        delivery.dispatch(OFFICE_TIME)
        run_claimed()
        row = self.fax_row()
        self.assertEqual((row.status, row.attempts), (Delivery.QUEUED, 1))
        self.assertIn("503", row.last_error)
        later = row.not_before.replace(second=59)
        delivery.dispatch(later)
        run_claimed(later)
        row.refresh_from_db()
        self.assertEqual((row.status, row.provider_id), (Delivery.SENT, "fx-42"))
        log = list(Attempt.objects.filter(delivery=row).values_list("status", "provider_id"))
        self.assertEqual(log, [("retry", ""), ("sent", "fx-42")])
        path, headers, body = FakeFaxApi.received[-1]
        self.assertEqual(path, "/v1/faxes")
        self.assertEqual(body["to"], "+15555550100")
        self.assertEqual(headers["Idempotency-Key"], row.key)  # same key on both tries
        self.assertEqual(FakeFaxApi.received[0][1]["Idempotency-Key"], row.key)
        self.assertEqual(headers["Authorization"], "Bearer secret-token")
        import base64

        self.assertTrue(base64.b64decode(body["document"]).startswith(b"%PDF-1.4"))

    def test_it_gives_up_on_a_refused_number(self):
        FakeFaxApi.answers = [(422, {"error": "invalid number"})]
        delivery.dispatch(OFFICE_TIME)
        run_claimed()
        row = self.fax_row()
        self.assertEqual(row.status, Delivery.FAILED)
        self.assertIn("invalid number", row.last_error)

    def test_it_treats_a_timeout_as_temporary(self):
        FakeFaxApi.answers = [("hang", {"id": "late"})]
        gateway = HttpGateway(self.url, timeout=0.3)
        with self.assertRaises(delivery.TemporaryFailure):
            gateway.send("+15555550100", b"%PDF", "k1")

    def test_it_treats_a_closed_port_as_temporary(self):
        with self.assertRaises(delivery.TemporaryFailure):
            HttpGateway("http://127.0.0.1:9", timeout=1).send("+15555550100", b"%PDF", "k2")

    def test_it_treats_an_answer_without_id_as_temporary(self):
        FakeFaxApi.answers = [(200, {"queued": True})]
        with self.assertRaises(delivery.TemporaryFailure):
            HttpGateway(self.url).send("+15555550100", b"%PDF", "k3")
