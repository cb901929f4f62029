"""Segments by volunteer and coordinator (clarion.network), and a coordinator
kept to their own areas by clarion.network's scoping."""

from django.contrib.auth.models import Permission, User
from wagtail.users.models import UserProfile

from clarion.events.tests.base import make_event
from clarion.network.models import Area, Role, Volunteer
from clarion.outreach import segments
from clarion.outreach.models import Recipient

from .base import OutreachTestCase


class KindsTestCase(OutreachTestCase):
    smtp = False

    def volunteer(self, signature, status=Volunteer.ACTIVE):
        return Volunteer.objects.create(
            name="Vol", email=signature.email, email_canonical=signature.email_canonical,
            country=signature.country, status=status, signature=signature,
        )  # fmt: skip

    def chosen(self, segment):
        found = segments.members(segment, "news").values_list("email", flat=True)
        return sorted(found)

    def test_it_selects_confirmed_volunteers_who_asked_for_news(self):
        self.volunteer(self.member("active@example.org"))
        self.volunteer(self.member("pending@example.org"), status=Volunteer.PENDING)
        self.volunteer(self.member("left@example.org"), status=Volunteer.LEFT)
        self.volunteer(self.member("quiet@example.org", wants_news=False))
        self.member("member@example.org")
        self.assertEqual(self.chosen({"kinds": ["volunteer"]}), ["active@example.org"])

    def test_it_selects_coordinators_by_mailbox(self):
        city = Area.objects.create(level=Area.CITY, name="Baku", countries="AZ", city="Baku")
        coordinator = User.objects.create_user("c", "Coord@Example.org", "pw", is_staff=True)
        gone = User.objects.create_user("g", "gone@example.org", "pw", is_active=False)
        for user in (coordinator, gone):
            Role.objects.create(user=user, area=city)
        User.objects.create_user("s", "staff@example.org", "pw", is_staff=True)  # no role
        for address in ("coord@example.org", "gone@example.org", "staff@example.org"):
            self.member(address)
        self.assertEqual(self.chosen({"kinds": ["coordinator"]}), ["coord@example.org"])

    def test_ticked_kinds_add_up_with_one_row_per_member(self):
        both = self.member("both@example.org")
        self.volunteer(both)
        self.member("person@example.org")
        organisation = self.member("org@example.org", kind="organisation")
        found = self.chosen({"kinds": ["volunteer", "person"]})
        self.assertEqual(found, ["both@example.org", "person@example.org"])
        self.assertNotIn(organisation.email, found)


class AreaTestCase(OutreachTestCase):
    smtp = False

    def sender(self, *areas):
        user = User.objects.create_user("coord", "coord@example.org", "pw", is_staff=True)
        for codename in ("access_admin", "send_newsletter"):
            user.user_permissions.add(Permission.objects.get(codename=codename))
        for area in areas:
            Role.objects.create(user=user, area=area)
        self.client.force_login(user)
        return user

    def post(self, newsletter, **data):
        return self.client.post(f"/admin/newsletters/{newsletter.pk}/send/", data)

    def test_a_city_coordinator_reaches_only_their_city(self):
        baku = Area.objects.create(level=Area.CITY, name="Baku", countries="AZ", city="Baku")
        self.sender(baku)
        inside = self.member("in@example.org", country="AZ", city="baku")
        self.member("ganja@example.org", country="AZ", city="Ganja")
        self.member("tr@example.org", country="TR", city="Baku")
        newsletter = self.newsletter()
        count = self.post(newsletter, action="count", kinds=["person"])
        self.assertEqual(count.context["count"], 1)
        self.post(newsletter, action="send")
        self.assertEqual(list(Recipient.objects.values_list("signature", flat=True)), [inside.pk])
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.segment["areas"], [baku.pk])

    def test_a_coordinator_cannot_name_a_country_or_event_outside(self):
        azerbaijan = Area.objects.create(level=Area.COUNTRY, name="Azerbaijan", countries="AZ")
        self.sender(azerbaijan)
        self.member("tr@example.org", country="TR")
        event = make_event(country="TR", city="Istanbul")
        newsletter = self.newsletter()
        response = self.post(newsletter, action="send", countries="AZ TR")
        self.assertContains(response, "only send to your area", status_code=400)
        response = self.post(newsletter, action="send", near_event=event.pk, near="country")
        self.assertContains(response, "outside your area", status_code=400)
        self.assertFalse(Recipient.objects.exists())

    def test_staff_with_the_permission_but_no_role_send_to_nobody(self):
        self.sender()
        self.member("a@example.org", country="AZ")
        newsletter = self.newsletter()
        response = self.post(newsletter, action="send")
        self.assertContains(response, "no area", status_code=400)
        self.assertFalse(Recipient.objects.exists())

    def test_it_speaks_the_staff_users_admin_language(self):
        azerbaijan = Area.objects.create(level=Area.COUNTRY, name="Azerbaijan", countries="AZ")
        profile = UserProfile.get_for_user(self.sender(azerbaijan))
        profile.preferred_language = "ru"
        profile.save()
        self.member("az@example.org", country="AZ")
        newsletter = self.newsletter()
        refused = self.post(newsletter, action="send", countries="AZ TR")
        for text in (
            "Вы можете отправлять только в свой регион, но не в TR.",  # the SegmentError
            "Кто получит",
            "Черновик",  # the status
            "ПРЕДУПРЕЖДЕНИЕ: Нет версии для языков tr, es, fr, de, az",
        ):
            self.assertContains(refused, text, status_code=400)
        self.assertNotContains(refused, "only send to your area", status_code=400)
        count = self.post(newsletter, action="count")
        self.assertContains(count, "<strong>1 участник</strong> в этом сегменте.")
        self.assertFalse(Recipient.objects.exists())
        profile.preferred_language = "ar"
        profile.save()
        page = self.client.get(f"/admin/newsletters/{newsletter.pk}/send/")
        self.assertContains(page, "مَن يتلقاها")
        self.assertContains(page, "منطقة تنسيقك: Azerbaijan")
        self.assertNotContains(page, "Who gets it")

    def test_a_global_role_sends_anywhere(self):
        world = Area.objects.create(level=Area.GLOBAL, name="World")
        self.sender(world)
        self.member("az@example.org", country="AZ")
        self.member("tr@example.org", country="TR")
        self.post(self.newsletter(), action="send")
        self.assertEqual(Recipient.objects.count(), 2)

    def test_a_scheduled_send_keeps_to_the_areas_it_was_given(self):
        azerbaijan = Area.objects.create(level=Area.COUNTRY, name="Azerbaijan", countries="AZ")
        turkey = Area.objects.create(level=Area.COUNTRY, name="Turkey", countries="TR")
        self.member("az@example.org", country="AZ")
        self.member("tr@example.org", country="TR")
        # Countries say both, the stored areas say Azerbaijan only: the areas win.
        segment = {"countries": ["AZ", "TR"], "areas": [azerbaijan.pk]}
        found = segments.members(segment, "news").values_list("country", flat=True)
        self.assertEqual(list(found), ["AZ"])
        self.assertFalse(segments.members({"areas": [turkey.pk + 99]}, "news").exists())
