import io

from PIL import Image

from clarion.network import certificates
from clarion.network.models import Certificate

from .base import NetworkTestCase


def issue(**fields):
    values = {"kind": Certificate.VOLUNTEER, "holder": "Aylin Demir", "source": "test:1"}
    values.update(fields)
    kind, holder = values.pop("kind"), values.pop("holder")
    return certificates.issue(kind, holder, **values)


class CertificateTestCase(NetworkTestCase):
    def test_it_verifies_a_number_in_every_language(self):
        certificate = issue()
        for lang in ("en", "ru", "tr", "es", "fr", "ar", "de", "az"):
            response = self.client.get(f"/{lang}/certificates/verify/{certificate.number}/")
            self.assertContains(response, "Aylin Demir")
            self.assertContains(response, certificate.issued_on.isoformat())
        typed = certificates.display(certificate.number).lower()
        self.assertContains(self.client.get(f"/en/certificates/verify/?number={typed}"), "Aylin")

    def test_its_language_links_keep_the_number(self):
        certificate = issue()
        response = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        for lang in ("ru", "ar", "az"):
            link = f'href="/{lang}/certificates/verify/{certificate.number}/" hreflang="{lang}"'
            self.assertContains(response, link)

    def test_it_shows_nothing_else(self):
        certificate = issue(email="aylin@example.org")
        response = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        self.assertNotContains(response, "aylin@example.org")
        self.assertNotContains(response, "test:1")

    def test_a_revoked_certificate_shows_revoked(self):
        certificate = issue()
        certificates.revoke(certificate, "issued by mistake")
        response = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        self.assertContains(response, "This certificate has been revoked.")
        self.assertNotContains(response, "Aylin Demir")
        self.assertNotContains(response, "issued by mistake")

    def test_forged_numbers_are_refused_without_a_500(self):
        issue()
        for forged in ("0000000000", "x" * 500, "<script>", "%00", "²³"):
            response = self.client.get("/en/certificates/verify/", {"number": forged})
            self.assertEqual(response.status_code, 404, forged)
            self.assertContains(response, "No certificate has this number", status_code=404)
        self.assertNotContains(
            self.client.get("/en/certificates/verify/", {"number": "<b>x</b>"}),
            "<b>x</b>",
            status_code=404,
        )

    def test_numbers_are_random_and_issued_once_per_reason(self):
        first, again = issue(), issue()
        self.assertEqual(first.pk, again.pk)
        numbers = {issue(source=f"test:{n}").number for n in range(2, 40)}
        self.assertEqual(len(numbers), 38)
        self.assertTrue(all(len(n) == 10 for n in numbers))
        self.assertNotEqual(sorted(numbers), sorted(numbers, key=lambda n: int(n, 36) * 0))

    def test_the_pdf_draws_names_in_every_script(self):
        for holder, lang in (("أيلين دمير", "ar"), ("Аылин Демир", "ru"), ("Əli Həsənov", "az")):
            certificate = issue(holder=holder, language=lang, source=f"test:{lang}")
            data = certificates.render(certificate)
            self.assertTrue(data.startswith(b"%PDF-1.4"))
            self.assertIn(b"/FontFile2", data)
            self.assertLess(len(data), 200_000)

    def test_hostile_holder_names_are_text_not_markup(self):
        certificate = issue(holder="<img src=x onerror=alert(1)> Eve")
        response = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        self.assertNotContains(response, "<img src=x")
        self.assertIsNotNone(certificates.render(certificate))


def pdf_to_png(data):
    """The PDF drawn by poppler if the machine has it (CI does), else None."""
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("pdftoppm"):
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/c.pdf"
        with open(source, "wb") as handle:
            handle.write(data)
        subprocess.run(["pdftoppm", "-png", "-r", "50", source, f"{folder}/page"], check=True)
        with open(f"{folder}/page-1.png", "rb") as handle:
            return Image.open(io.BytesIO(handle.read()))


class OrganiserCertificateTestCase(NetworkTestCase):
    def test_an_organiser_gets_a_certificate_after_the_report(self):
        import datetime

        from django.utils import timezone

        from clarion.events import tokens
        from clarion.events.models import Report
        from clarion.events.tests.base import make_event

        event = make_event(starts_at=timezone.now() - datetime.timedelta(days=2),
                           ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
                           organiser_language="de")  # fmt: skip
        manage = f"/en/events/manage/{tokens.make(event.pk, tokens.MANAGE)}/"
        self.assertNotContains(self.client.get(manage), "certificate.pdf")
        self.assertEqual(self.client.get(f"{manage}certificate.pdf").status_code, 400)
        Report.objects.create(event=event, attendance=40)
        self.assertContains(self.client.get(manage), "certificate.pdf")
        response = self.client.get(f"{manage}certificate.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        certificate = Certificate.objects.get(source=f"event:{event.pk}")
        self.assertEqual((certificate.kind, certificate.holder), ("organiser", "Jonas Weber"))
        self.assertEqual(certificate.language, "de")
        check = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        self.assertContains(check, "Organiser of a campaign event")
        forged = self.client.get("/en/events/manage/1.forged.x/certificate.pdf")
        self.assertEqual(forged.status_code, 400)


class MemberCertificateTestCase(NetworkTestCase):
    def my_data(self, signature):
        from clarion.supporters import tokens

        return f"/en/join/my-data/{tokens.make(signature.pk, tokens.MY_DATA)}/"

    def test_members_and_organisations_download_theirs_from_their_data_page(self):
        from clarion.supporters.models import Signature

        from .base import signature

        for name, kind, expected in (("Aylin Demir", Signature.PERSON, "member"),
                                     ("Friends of Memory", Signature.ORGANISATION,
                                      "organisation")):  # fmt: skip
            member = signature(name, "FR", kind=kind, language="fr")
            url = self.my_data(member)
            self.assertContains(self.client.get(url), 'value="certificate"')
            response = self.post(url, {"action": "certificate"})
            self.assertEqual(response["Content-Type"], "application/pdf")
            certificate = Certificate.objects.get(source=f"signature:{member.pk}")
            self.assertEqual((certificate.kind, certificate.holder), (expected, name))
            self.assertEqual(certificate.language, "fr")

    def test_an_unconfirmed_signature_has_no_certificate(self):
        from clarion.supporters.models import Signature

        from .base import signature

        member = signature("Aylin Demir", "FR", status=Signature.PENDING)
        url = self.my_data(member)
        self.assertNotContains(self.client.get(url), 'value="certificate"')
        response = self.post(url, {"action": "certificate"})
        self.assertNotEqual(response.get("Content-Type"), "application/pdf")
        self.assertFalse(Certificate.objects.exists())


class CertificatePersonalDataTestCase(NetworkTestCase):
    def test_the_holders_data_lists_and_erases_their_certificates(self):
        from clarion.lib import personal_data

        mine = issue(email="A.Demir+cert@Gmail.com", source="test:mine")
        other = issue(holder="Someone Else", email="else@example.org", source="test:other")
        found = personal_data.export("ademir@gmail.com")
        self.assertEqual([c["number"] for c in found["network"]["certificates"]], [mine.number])
        personal_data.erase("ademir@gmail.com")
        self.assertFalse(Certificate.objects.filter(pk=mine.pk).exists())
        self.assertTrue(Certificate.objects.filter(pk=other.pk).exists())
        check = self.client.get(f"/en/certificates/verify/{mine.number}/")
        self.assertEqual(check.status_code, 404)
