from django.utils import timezone

from clarion.outbox.models import Mail
from clarion.petitions import signing
from clarion.petitions.models import Delivery, Signer
from clarion.supporters.models import Signature

from .base import ORIGIN, PetitionTestCase


class SignTestCase(PetitionTestCase):
    def test_it_signs_a_remembered_member_in_one_click(self):
        member = self.member()
        self.remember(member)
        page = self.client.get("/en/petitions/recognise/")
        self.assertContains(page, "Sign in one click")
        self.assertContains(page, "Leyla Mammadova")
        response = self.post({"action": "member", "line": "Please act now."})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/petitions/recognise/thanks/?signed=1")
        signer = Signer.objects.get()
        self.assertEqual((signer.signature, signer.status), (member, Signer.ACTIVE))
        self.assertEqual(signer.line, "Please act now.")
        # One message per target with an email or fax; the hand-delivery target has none.
        channels = sorted(Delivery.objects.values_list("channel", flat=True))
        self.assertEqual(channels, ["email", "fax"])
        self.assertContains(self.client.get("/en/petitions/recognise/"), "You have signed")

    def test_it_signs_once_when_clicked_twice(self):
        self.remember(self.member())
        self.post({"action": "member"})
        self.post({"action": "member"})
        self.assertEqual(Signer.objects.count(), 1)
        self.assertEqual(Delivery.objects.count(), 2)

    def test_it_ignores_a_forged_cookie(self):
        member = self.member()
        self.client.cookies[signing.COOKIE] = f"{member.pk}:forged:signature"
        page = self.client.get("/en/petitions/recognise/")
        self.assertNotContains(page, "Sign in one click")
        response = self.post({"action": "member"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Signer.objects.exists())

    def test_it_signs_a_newcomer_once_they_confirm(self):
        response = self.newcomer(line="My own words.")
        self.assertEqual(response.status_code, 303)
        signature = Signature.objects.get(email="aylin@example.org")
        signer = Signer.objects.get()
        self.assertEqual((signer.status, signature.status), (Signer.PENDING, Signature.PENDING))
        self.assertTrue(Mail.objects.filter(key=f"sig:{signature.pk}:confirm").exists())
        self.assertEqual(signing.activate_confirmed(), 0)
        self.assertFalse(Delivery.objects.exists())
        Signature.objects.filter(pk=signature.pk).update(status=Signature.CONFIRMED)
        self.assertEqual(signing.activate_confirmed(), 1)
        signer.refresh_from_db()
        self.assertEqual(signer.status, Signer.ACTIVE)
        self.assertEqual(Delivery.objects.count(), 2)
        self.assertEqual(signing.activate_confirmed(), 0)  # no second round of messages

    def test_it_mails_a_known_address_a_link_instead_of_trusting_the_form(self):
        member = self.member(email="known@example.org")
        response = self.newcomer(email="Known@Example.org", name="Someone Else")
        self.assertEqual(response.status_code, 303)
        signer = Signer.objects.get()
        self.assertEqual((signer.signature, signer.status), (member, Signer.PENDING))
        mail = Mail.objects.get(key__startswith=f"sig:{member.pk}:petition:")
        link = next(w for w in mail.body.split() if "/confirm/" in w).replace(ORIGIN, "")
        page = self.client.get(link)
        self.assertContains(page, "Press the button")
        signer.refresh_from_db()
        self.assertEqual(signer.status, Signer.PENDING)  # a GET signs nothing
        response = self.client.post(link, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        self.assertIn(signing.COOKIE, response.cookies)
        signer.refresh_from_db()
        self.assertEqual(signer.status, Signer.ACTIVE)

    def test_it_refuses_a_mangled_confirmation_link(self):
        response = self.client.get("/en/petitions/recognise/confirm/abc:def/")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This link does not work", status_code=400)

    def test_it_refuses_an_over_long_line_and_keeps_the_text(self):
        line = "word " * 150
        response = self.newcomer(line=line)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "under 500 characters", status_code=400)
        self.assertContains(response, "word word word", status_code=400)
        self.assertContains(response, "Aylin Demir", status_code=400)
        self.assertFalse(Signer.objects.exists())
        self.assertFalse(Signature.objects.filter(email="aylin@example.org").exists())

    def test_it_keeps_hostile_html_out_of_the_message(self):
        self.remember(self.member())
        self.post(
            {"action": "member", "line": '<script>alert(1)</script><b>Act</b> <a href="x">now</a>'}
        )
        self.assertEqual(Signer.objects.get().line, "alert(1)Act now")

    def test_it_folds_identical_pasted_lines(self):
        for n in range(4):
            signer, _ = signing.sign_as_member(
                self.petition, self.member(email=f"m{n}@example.org"), line="Same  TEXT, here!"
            )
        folded = list(Signer.objects.order_by("pk").values_list("folded", flat=True))
        self.assertEqual(folded, [False, False, True, True])

    def test_it_says_so_when_the_petition_closed_mid_submission(self):
        self.remember(self.member())
        self.client.get("/en/petitions/recognise/")
        self.petition.closes_at = timezone.now()
        self.petition.save()
        response = self.post({"action": "member", "line": "Kept text"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "closed while you were signing", status_code=409)
        self.assertContains(response, "Kept text", status_code=409)
        self.assertFalse(Signer.objects.exists())
        response = self.newcomer()
        self.assertEqual(response.status_code, 409)
        self.assertFalse(Signature.objects.filter(email="aylin@example.org").exists())

    def test_it_refuses_a_cross_site_post(self):
        response = self.client.post(
            "/en/petitions/recognise/", {"action": "sign"}, HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(response.status_code, 403)

    def test_it_mails_a_one_click_link_only_to_confirmed_signers(self):
        member = self.member()
        response = self.post({"action": "link", "link-email": "member@example.org"})
        self.assertEqual(response.status_code, 303)
        mail = Mail.objects.get(key__startswith=f"sig:{member.pk}:petition-link:")
        link = next(w for w in mail.body.split() if "/me/" in w).replace(ORIGIN, "")
        self.assertEqual(self.client.get(link).status_code, 200)  # a button, no cookie yet
        self.assertEqual(self.client.post(link, HTTP_ORIGIN=ORIGIN).status_code, 303)
        self.assertContains(self.client.get("/en/petitions/recognise/"), "Sign in one click")
        response = self.post({"action": "link", "link-email": "nobody@example.org"})
        self.assertEqual(response.status_code, 303)  # same answer: nothing revealed
        self.assertEqual(Mail.objects.count(), 1)

    def test_a_member_just_confirmed_still_gets_a_one_click_link_but_not_two(self):
        member = self.member()
        Signature.objects.filter(pk=member.pk).update(mailed_at=timezone.now())  # confirmed now
        self.post({"action": "link", "link-email": "member@example.org"})
        self.post({"action": "link", "link-email": "member@example.org"})
        mails = Mail.objects.filter(key__startswith=f"sig:{member.pk}:petition-link:")
        self.assertEqual(mails.count(), 1)

    def test_it_answers_404_for_an_unknown_petition(self):
        self.assertEqual(self.client.get("/en/petitions/nothing-here/").status_code, 404)
