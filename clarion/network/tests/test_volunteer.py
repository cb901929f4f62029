from django.contrib.auth.models import User

from clarion.events.tests.base import make_event
from clarion.lib import personal_data
from clarion.network.models import Area, Assignment, Certificate, Volunteer
from clarion.outbox.models import Mail
from clarion.supporters.models import Signature

from .base import ORIGIN, NetworkTestCase, area, coordinator


def offer(client, lang="en", **fields):
    data = {
        "name": "Aylin Demir",
        "email": "aylin@example.org",
        "country": "FR",
        "city": "Lyon",
        "languages": ["fr", "tr"],
        "skills": ["translation", "events"],
        "hours_per_month": "6",
        "consent": "on",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/{lang}/volunteer/", data, HTTP_ORIGIN=ORIGIN)


def link_in(mail, part):
    links = [w for w in mail.body.split() if w.startswith("http") and f"/{part}/" in w]
    return links[0].replace(ORIGIN, "")


class VolunteerTestCase(NetworkTestCase):
    def test_the_form_works_in_every_language(self):
        for lang in ("en", "ru", "tr", "es", "fr", "ar", "de", "az"):
            response = self.client.get(f"/{lang}/volunteer/")
            self.assertEqual(response.status_code, 200, lang)
            self.assertContains(response, 'name="skills"')

    def test_it_stores_the_offer_signs_and_mails_a_link(self):
        response = offer(self.client)
        self.assertEqual(
            (response.status_code, response["Location"]), (303, "/en/volunteer/thanks/")
        )
        volunteer = Volunteer.objects.get()
        self.assertEqual(volunteer.status, Volunteer.PENDING)
        self.assertEqual(volunteer.skills, ["translation", "events"])
        self.assertEqual(volunteer.hours_per_month, 6)
        self.assertIn("stores my offer", volunteer.consent.text)
        self.assertEqual(volunteer.signature.status, Signature.PENDING)  # the one sign path
        mail = Mail.objects.get(key__startswith=f"vol:{volunteer.pk}:link")
        self.assertIn("Hello Aylin Demir", mail.body)
        self.assertIn("List-Unsubscribe", mail.headers)

    def test_confirming_activates_the_volunteer_and_the_signature(self):
        offer(self.client)
        volunteer = Volunteer.objects.get()
        url = link_in(Mail.objects.get(key__startswith=f"vol:{volunteer.pk}:link"), "confirm")
        self.assertContains(self.client.get(url), "Confirm my offer")
        volunteer.refresh_from_db()
        self.assertEqual(volunteer.status, Volunteer.PENDING)  # a GET changes nothing
        response = self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        volunteer.refresh_from_db()
        self.assertEqual(volunteer.status, Volunteer.ACTIVE)
        self.assertEqual(volunteer.signature.status, Signature.CONFIRMED)
        self.assertContains(self.client.get(response["Location"]), "No tasks yet")

    def test_a_duplicate_mailbox_gets_its_link_again_and_no_second_row(self):
        offer(self.client)
        response = offer(self.client, email="Aylin@Example.org", name="Someone Else")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Volunteer.objects.count(), 1)
        self.assertEqual(Volunteer.objects.get().name, "Aylin Demir")

    def test_it_shows_errors_and_keeps_what_was_typed(self):
        response = offer(self.client, skills=None, email="not-an-address", consent=None)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choose at least one way to help.", status_code=400)
        self.assertContains(response, 'value="Aylin Demir"', status_code=400)
        self.assertFalse(Volunteer.objects.exists())

    def test_hostile_names_are_escaped(self):
        offer(self.client, name="<script>alert(1)</script> Eve")
        volunteer = Volunteer.objects.get()
        token_url = link_in(Mail.objects.get(key__startswith=f"vol:{volunteer.pk}:link"), "confirm")
        self.client.post(token_url, HTTP_ORIGIN=ORIGIN)
        page = self.client.get(self.page_url(volunteer))
        self.assertNotContains(page, "<script>alert(1)</script>")
        self.assertContains(page, "&lt;script&gt;")

    def test_forged_links_are_refused(self):
        self.assertEqual(self.client.get("/en/volunteer/me/1.abc.def/").status_code, 400)
        self.assertEqual(self.client.get("/en/volunteer/confirm/zzz/").status_code, 400)

    def page_url(self, volunteer):
        from clarion.network import tokens

        return f"/en/volunteer/me/{tokens.make(volunteer.pk, tokens.PAGE)}/"

    def active(self):
        offer(self.client)
        volunteer = Volunteer.objects.get()
        volunteer.status = Volunteer.ACTIVE
        volunteer.save()
        return volunteer

    def test_a_coordinator_assigns_an_event_and_the_volunteer_marks_it_done(self):
        volunteer = self.active()
        event = make_event(title="Lecture in Lyon", country="FR", city="Lyon")
        self.client.force_login(coordinator("amelie", area(Area.COUNTRY, "France", "FR")))
        response = self.client.post(
            "/admin/snippets/network/assignment/add/",
            {"volunteer": volunteer.pk, "event": event.pk, "task": "Welcome the guests",
             "details": "", "status": "offered", "report": "", "hours": "0"},
        )  # fmt: skip
        form = response.context["form"] if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, form and form.errors)
        task = Assignment.objects.get()
        self.assertEqual(task.assigned_by.username, "amelie")
        mail = Mail.objects.get(key=f"vol:{volunteer.pk}:task:{task.pk}")
        self.assertIn("Welcome the guests", mail.body)
        self.client.logout()
        url = self.page_url(volunteer)
        self.assertContains(self.client.get(url), "Welcome the guests")
        self.client.post(url, {"assignment": task.pk, "action": "accept"}, HTTP_ORIGIN=ORIGIN)
        self.client.post(
            url, {"assignment": task.pk, "action": "done", "report": "Greeted 80 people."},
            HTTP_ORIGIN=ORIGIN,
        )  # fmt: skip
        task.refresh_from_db()
        self.assertEqual((task.status, task.report), (Assignment.DONE, "Greeted 80 people."))
        self.assertContains(self.client.get(url), "certificate.pdf")
        pdf = self.client.get(url + "certificate.pdf")
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (200, "application/pdf"))
        certificate = Certificate.objects.get(source=f"volunteer:{volunteer.pk}")
        self.assertIn(certificate.number, pdf["Content-Disposition"])
        check = self.client.get(f"/en/certificates/verify/?number={certificate.number}")
        self.assertContains(check, "Aylin Demir")
        self.assertContains(check, "Volunteer of the campaign")

    def test_a_coordinator_cannot_assign_another_countrys_volunteer(self):
        volunteer = self.active()
        self.client.force_login(coordinator("hans", area(Area.COUNTRY, "Germany", "DE")))
        response = self.client.post(
            "/admin/snippets/network/assignment/add/",
            {"volunteer": volunteer.pk, "task": "Translate", "status": "offered", "hours": "0"},
        )
        self.assertEqual(response.status_code, 200)  # the form, with an error
        self.assertFalse(Assignment.objects.exists())
        listing = self.client.get("/admin/snippets/network/volunteer/")
        self.assertNotContains(listing, "Aylin Demir")
        inspect = self.client.get(f"/admin/snippets/network/volunteer/inspect/{volunteer.pk}/")
        self.assertEqual(inspect.status_code, 403)

    def test_coordinators_write_to_the_volunteers_of_their_area(self):
        self.active()
        offer(self.client, email="hans@example.org", name="Hans", country="DE", city="")
        Volunteer.objects.filter(email="hans@example.org").update(status=Volunteer.ACTIVE)
        self.client.force_login(coordinator("amelie", area(Area.COUNTRY, "France", "FR")))
        data = {"subject": "Posters", "body": "Who can print posters?", "skill": "", "country": ""}
        preview = self.client.post("/admin/volunteers/write/", data)
        self.assertContains(preview, "1 volunteer(s) will receive it")
        self.client.post("/admin/volunteers/write/", dict(data, confirmed="yes"))
        sent = Mail.objects.filter(subject="Posters")
        self.assertEqual([m.to for m in sent], ["aylin@example.org"])
        self.assertIn("/volunteer/leave/", sent[0].body)

    def test_no_certificate_before_work_is_recorded(self):
        volunteer = self.active()
        self.assertEqual(
            self.client.get(self.page_url(volunteer) + "certificate.pdf").status_code, 400
        )
        self.assertFalse(Certificate.objects.exists())

    def test_leaving_stops_everything(self):
        volunteer = self.active()
        Assignment.objects.create(volunteer=volunteer, task="Translate a leaflet")
        from clarion.network import tokens

        url = f"/en/volunteer/leave/{tokens.make(volunteer.pk, tokens.PAGE)}/"
        self.assertEqual(self.client.post(url, HTTP_ORIGIN=ORIGIN).status_code, 200)
        volunteer.refresh_from_db()
        self.assertEqual(volunteer.status, Volunteer.LEFT)
        self.assertEqual(Assignment.objects.get().status, Assignment.DECLINED)

    def test_my_data_and_erase_cover_volunteering(self):
        volunteer = self.active()
        found = personal_data.export("aylin@example.org")
        self.assertEqual(found["network"]["volunteer"][0]["skills"], ["translation", "events"])
        personal_data.erase("aylin@example.org")
        self.assertFalse(Volunteer.objects.filter(pk=volunteer.pk).exists())
        self.assertFalse(Mail.objects.filter(to="aylin@example.org", key__startswith="vol:"))

    def test_cross_site_posts_are_refused(self):
        response = self.client.post(
            "/en/volunteer/", {"name": "X"}, HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(User.objects.exists() and Volunteer.objects.exists())
