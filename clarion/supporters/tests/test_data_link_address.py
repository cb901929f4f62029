"""Security review, Low: the data link goes to the address we stored, not the one typed."""

from clarion.events.models import RSVP
from clarion.events.tests.base import make_event
from clarion.outbox.models import Mail

from .base import ORIGIN, SupportersTestCase


class DataLinkAddressTestCase(SupportersTestCase):
    def test_it_mails_the_stored_address(self):
        RSVP.objects.create(event=make_event(), name="Lena", email="Lena.Schulz@gmail.com",
                            email_canonical="lenaschulz@gmail.com", language="de")  # fmt: skip
        response = self.client.post(
            "/en/join/my-data/", {"email": "lenaschulz+x@googlemail.com"}, HTTP_ORIGIN=ORIGIN
        )
        self.assertLess(response.status_code, 400)
        mail = Mail.objects.get(key__startswith="data-address:")
        self.assertEqual(mail.to, "Lena.Schulz@gmail.com")
