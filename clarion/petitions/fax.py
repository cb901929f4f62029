"""Fax gateways: `send(number, pdf, key)` returns the provider's id or raises.

One real implementation speaks a plain HTTP fax API: it POSTs JSON with the
number and the PDF (base64) and an Idempotency-Key header, so a gateway that
honours the key never faxes the same delivery twice. Any provider with such
an API (or a small adapter in front of one) can be used.
"""

import base64
import json
import urllib.error
import urllib.request

from django.conf import settings

from clarion.petitions.delivery import PermanentFailure, TemporaryFailure


class Gateway:
    def send(self, number, pdf, key):
        raise NotImplementedError


class HttpGateway(Gateway):
    def __init__(self, url, token="", timeout=30):
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def send(self, number, pdf, key):
        body = json.dumps(
            {"to": number, "document": base64.b64encode(pdf).decode(), "mime": "application/pdf"}
        ).encode()
        request = urllib.request.Request(
            f"{self.url}/faxes",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                **({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = error.read()[:200].decode("utf-8", "replace")
            if error.code >= 500 or error.code == 429:
                raise TemporaryFailure(f"gateway {error.code}: {detail}") from None
            raise PermanentFailure(f"gateway refused ({error.code}): {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise TemporaryFailure(f"gateway unreachable: {error}") from None
        except ValueError:
            raise TemporaryFailure("gateway answered something that is not JSON") from None
        provider_id = str(answer.get("id", ""))
        if not provider_id:
            raise TemporaryFailure("gateway gave no fax id")
        return provider_id


class NoGateway(Gateway):
    def send(self, number, pdf, key):
        raise TemporaryFailure("no fax gateway configured (FAX_GATEWAY_URL)")


def gateway():
    if settings.FAX_GATEWAY_URL:
        return HttpGateway(
            settings.FAX_GATEWAY_URL, settings.FAX_GATEWAY_TOKEN, settings.FAX_GATEWAY_TIMEOUT
        )
    return NoGateway()
