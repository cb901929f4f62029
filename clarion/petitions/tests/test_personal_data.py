"""Security review, finding 9: petition lines are in 'download my data' and erased with it."""

from clarion.lib import personal_data
from clarion.petitions import signing
from clarion.petitions.models import Signer
from clarion.supporters import signing as declaration

from .base import PetitionTestCase


class PetitionPersonalDataTestCase(PetitionTestCase):
    def test_my_lines_are_exported_and_erased(self):
        member = self.member(email="lines@example.org")
        signing.sign_as_member(self.petition, member, line="My own words.", reply_to_ok=True)
        found = personal_data.export("lines@example.org")
        self.assertEqual(found["petitions"][0]["line"], "My own words.")
        declaration.erase(member.pk)  # at once, not by a polling job
        signer = Signer.objects.get()
        self.assertEqual((signer.line, signer.reply_to_ok), ("", False))
