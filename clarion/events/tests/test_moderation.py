from django.contrib.auth.models import Group, Permission, User

from clarion.events.models import Event, Material, SupportItem
from clarion.events.tests.base import EventsTestCase, make_event
from clarion.network.models import Area, Role
from clarion.outbox.models import Mail


def coordinator(username, *countries):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for country in countries:
        area, _ = Area.objects.get_or_create(level=Area.COUNTRY, name=country, countries=country)
        Role.objects.create(user=user, area=area)
    return user


class ModerationTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        self.event = make_event(
            status=Event.NEW, country="FR", city="Lyon", title="Lecture in Lyon"
        )

    def decide(self, user, action, message="", event=None):
        self.client.force_login(user)
        event = event or self.event
        return self.client.post(
            f"/admin/events/review/{event.pk}/", {"action": action, "message": message}
        )

    def test_proposal_approval_makes_it_public(self):
        self.assertEqual(self.client.get(f"/en/events/{self.event.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/en/events/"), "Lecture in Lyon")
        response = self.decide(coordinator("amelie", "FR"), "approve", "Welcome!")
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.APPROVED)
        self.client.logout()
        self.assertContains(self.client.get("/en/events/"), "Lecture in Lyon")  # cache dropped
        response = self.client.get(f"/en/events/{self.event.pk}/")
        self.assertContains(response, "Lecture in Lyon")
        self.assertContains(response, '<meta property="og:title" content="Lecture in Lyon">')
        mail = Mail.objects.get(key__startswith=f"event:{self.event.pk}:status:approved")
        self.assertIn("Welcome!", mail.body)
        self.assertIn("/events/manage/", mail.body)

    def test_it_asks_for_changes_with_a_message(self):
        self.decide(coordinator("amelie", "FR"), "changes", "Please add the address.")
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.CHANGES)
        mail = Mail.objects.get(key__startswith=f"event:{self.event.pk}:status:changes")
        self.assertIn("Please add the address.", mail.body)

    def test_a_coordinator_moderates_only_their_country(self):
        user = coordinator("hans", "DE")
        response = self.decide(user, "approve")
        self.assertEqual(response.status_code, 403)
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.NEW)
        queue = self.client.get("/admin/events/review/")
        self.assertNotContains(queue, "Lecture in Lyon")
        berlin = make_event(status=Event.NEW, title="Vigil in Berlin")
        self.assertContains(self.client.get("/admin/events/review/"), "Vigil in Berlin")
        self.decide(user, "reject", "Not about the campaign.", event=berlin)
        berlin.refresh_from_db()
        self.assertEqual(berlin.status, Event.REJECTED)

    def test_a_global_coordinator_moderates_every_country(self):
        user = coordinator("chief")
        Role.objects.create(user=user, area=Area.objects.create(level=Area.GLOBAL, name="World"))
        self.decide(user, "approve")
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, Event.APPROVED)

    def test_people_without_a_country_cannot_open_the_queue(self):
        self.client.force_login(coordinator("nobody"))
        self.assertEqual(self.client.get("/admin/events/review/").status_code, 403)
        Group.objects.all()  # no group grants it either

    def test_a_coordinator_publishes_own_proposals_directly(self):
        coordinator("amelie", "FR")
        self.propose(organiser_email="amelie@example.org")
        event = Event.objects.get(organiser_canonical="amelie@example.org")
        (url,) = self.link_in(f"event:{event.pk}:confirm")
        self.client.post(url, HTTP_ORIGIN="http://testserver")
        event.refresh_from_db()
        self.assertEqual(event.status, Event.APPROVED)


class MaterialsTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        self.event = make_event(status=Event.NEW, country="FR")
        self.posters = Material.objects.create(name="Posters", stock=30)
        self.user = coordinator("amelie", "FR")

    def step(self, item, status):
        self.client.force_login(self.user)
        return self.client.post(
            f"/admin/events/review/{self.event.pk}/", {"action": f"item:{item.pk}:{status}"}
        )

    def test_fulfilment_takes_stock_and_follows_the_steps(self):
        item = SupportItem.objects.create(event=self.event, material=self.posters, quantity=20)
        self.step(item, "approved")
        self.posters.refresh_from_db()
        self.assertEqual(self.posters.stock, 10)
        self.step(item, "received")  # cannot skip "shipped"
        item.refresh_from_db()
        self.assertEqual(item.status, "approved")
        self.step(item, "shipped")
        self.step(item, "received")
        item.refresh_from_db()
        self.assertEqual(item.status, "received")
        self.posters.refresh_from_db()
        self.assertEqual(self.posters.stock, 10)

    def test_stock_never_goes_negative(self):
        first = SupportItem.objects.create(event=self.event, material=self.posters, quantity=20)
        second = SupportItem.objects.create(event=self.event, material=self.posters, quantity=20)
        self.step(first, "approved")
        response = self.step(second, "approved")
        self.assertEqual(response.status_code, 302)
        second.refresh_from_db()
        self.posters.refresh_from_db()
        self.assertEqual((second.status, self.posters.stock), ("requested", 10))

    def test_approving_twice_takes_stock_once(self):
        item = SupportItem.objects.create(event=self.event, material=self.posters, quantity=5)
        self.step(item, "approved")
        self.step(item, "approved")
        self.posters.refresh_from_db()
        self.assertEqual(self.posters.stock, 25)


class RevisionTestCase(EventsTestCase):
    def test_the_organiser_fixes_a_proposal_and_it_returns_to_review(self):
        from clarion.events import tokens
        from clarion.events.tests.base import proposal

        event = make_event(
            status=Event.CHANGES, country="FR", city="Lyon", time_zone="Europe/Paris"
        )
        url = f"/fr/events/manage/{tokens.make(event.pk, tokens.MANAGE)}/edit/"
        form = self.client.get(url)
        self.assertContains(form, 'value="Lyon"')
        response = self.client.post(
            url,
            proposal(title="Conférence corrigée", start_time="19:30"),
            HTTP_ORIGIN="http://testserver",
        )
        self.assertEqual(response.status_code, 303)
        event.refresh_from_db()
        self.assertEqual(
            (event.title, event.status, event.local_start.minute),
            ("Conférence corrigée", "new", 30),
        )
        Event.objects.filter(pk=event.pk).update(status=Event.APPROVED)
        self.assertEqual(
            self.client.get(url).status_code, 303
        )  # published events are not edited here
