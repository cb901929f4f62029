"""Security review, finding 1: nobody signs a petition in a member's name."""

from clarion.outbox.models import Mail
from clarion.petitions import signing
from clarion.petitions.models import Delivery, Signer

from .base import ORIGIN, PetitionTestCase


class SignInOthersNameTestCase(PetitionTestCase):
    def attack(self, victim):
        return self.newcomer(
            email=victim.email, name="Attacker", line="Attacker's words.", reply_to_ok="on"
        )

    def confirm_link(self, victim):
        mail = Mail.objects.get(key__startswith=f"sig:{victim.pk}:petition:")
        return next(w for w in mail.body.split() if "/confirm/" in w).replace(ORIGIN, "")

    def test_it_does_not_activate_a_known_address_without_its_link(self):
        victim = self.member(email="victim@example.org")
        self.assertEqual(self.attack(victim).status_code, 303)
        self.assertEqual(signing.activate_confirmed(), 0)
        signer = Signer.objects.get()
        self.assertEqual(signer.status, Signer.PENDING)
        self.assertFalse(Delivery.objects.exists())

    def test_it_drops_words_set_by_someone_else_when_the_link_is_used(self):
        victim = self.member(email="victim@example.org")
        self.attack(victim)
        response = self.client.post(self.confirm_link(victim), HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        signer = Signer.objects.get()
        self.assertEqual(signer.status, Signer.ACTIVE)
        self.assertEqual((signer.line, signer.reply_to_ok), ("", False))

    def test_it_uses_the_members_own_words_on_their_one_click(self):
        victim = self.member(email="victim@example.org")
        self.attack(victim)
        self.remember(victim)
        self.post({"action": "member", "line": "My own words."})
        signer = Signer.objects.get()
        self.assertEqual(signer.status, Signer.ACTIVE)
        self.assertEqual((signer.line, signer.reply_to_ok), ("My own words.", False))
