"""The default pack's petitions: shipped open, addressed, honest about delivery,
and left alone once staff closed or edited them."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone
from django.utils.html import escape

from clarion.content.loader import PackLoader
from clarion.content.packs import PackError
from clarion.petitions import pack
from clarion.petitions.models import Petition

LANGS = [code for code, _name in settings.LANGUAGES]
PACK = Path(settings.CONTENT_PACKS_DIR) / "khojaly"
SHIPPED = [
    "international-organisations",
    "united-states",
    "national-parliaments",
    "islamic-cooperation",
]


def load(folder="khojaly"):
    return PackLoader(str(folder), progress=False).load()


class PackPetitionsTestCase(TestCase):
    def edited_copy(self, old, new):
        folder = Path(tempfile.mkdtemp()) / "edited"
        shutil.copytree(PACK, folder)
        self.addCleanup(shutil.rmtree, folder.parent)
        path = folder / pack.FILENAME
        text = path.read_text()
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1))
        return folder

    def test_it_ships_open_digest_petitions_for_human_rights_day(self):
        petitions = Petition.objects.filter(slug__in=SHIPPED)
        self.assertEqual(sorted(p.slug for p in petitions), sorted(SHIPPED))
        today = timezone.localdate()
        for petition in petitions:
            self.assertTrue(petition.is_open(), petition.slug)
            self.assertEqual(petition.mode, Petition.DIGEST)
            self.assertEqual(petition.deliver_on.strftime("%m-%d"), "12-10")
            self.assertLess(petition.deliver_on - today, datetime.timedelta(days=367))
            self.assertFalse(petition.test_mode)
            self.assertEqual(sorted(petition.title), sorted(LANGS))
            self.assertEqual(sorted(petition.text), sorted(LANGS))
            self.assertEqual(sorted(petition.machine_translated), sorted(LANGS[1:]))
            targets = list(petition.targets.all())
            self.assertTrue(targets)
            for target in targets:  # nothing invented: each is handed over by the campaign
                self.assertTrue(target.manual_delivery, target.key)
        self.assertEqual(
            set(Petition.objects.get(slug="international-organisations").targets.values_list(
                "key", flat=True)),
            {"un-secretary-general", "pace", "european-parliament"},
        )  # fmt: skip
        self.assertEqual(
            set(Petition.objects.get(slug="united-states").targets.values_list("key", flat=True)),
            {"us-president", "us-congress"},
        )

    def test_the_delivery_day_is_the_next_one(self):
        self.assertEqual(pack.next_day("12-10", datetime.date(2026, 12, 2)),
                         datetime.date(2026, 12, 10))  # fmt: skip
        self.assertEqual(pack.next_day("12-10", datetime.date(2026, 12, 10)),
                         datetime.date(2026, 12, 10))  # fmt: skip
        self.assertEqual(pack.next_day("12-10", datetime.date(2026, 12, 11)),
                         datetime.date(2027, 12, 10))  # fmt: skip
        self.assertEqual(pack.next_day("02-29", datetime.date(2026, 3, 1)),
                         datetime.date(2028, 2, 29))  # fmt: skip

    def test_loading_again_changes_nothing(self):
        before = {p.slug: (p.pk, p.pack_hash, p.deliver_on) for p in Petition.objects.all()}
        counts = load()
        self.assertEqual((counts["created"], counts["updated"]), (0, 0))
        after = {p.slug: (p.pk, p.pack_hash, p.deliver_on) for p in Petition.objects.all()}
        self.assertEqual(after, before)

    def test_it_updates_a_petition_the_pack_changed(self):
        folder = self.edited_copy("To national parliaments", "To the parliaments of the world")
        counts = load(folder)
        self.assertEqual((counts["created"], counts["updated"]), (0, 1))
        petition = Petition.objects.get(slug="national-parliaments")
        self.assertEqual(petition.title["en"], "To the parliaments of the world")

    def test_it_leaves_a_petition_staff_closed(self):
        petition = Petition.objects.get(slug="united-states")
        petition.closes_at = timezone.now()
        petition.save()
        folder = self.edited_copy("To the President and the Congress", "To the Congress")
        load(folder)
        petition.refresh_from_db()
        self.assertFalse(petition.is_open())
        self.assertEqual(
            petition.title["en"], "To the President and the Congress of the United States"
        )

    def test_it_leaves_a_petition_staff_edited(self):
        petition = Petition.objects.get(slug="islamic-cooperation")
        petition.text = petition.text | {"en": "Our own wording."}
        petition.deliver_on = datetime.date(2030, 2, 26)
        petition.save()
        petition.targets.remove(*petition.targets.all()[:1])
        load()
        petition.refresh_from_db()
        self.assertEqual(petition.text["en"], "Our own wording.")
        self.assertEqual(petition.deliver_on, datetime.date(2030, 2, 26))
        self.assertEqual(petition.targets.count(), 1)

    def test_it_names_the_line_of_an_unknown_target(self):
        folder = self.edited_copy("targets: [us-president,", "targets: [no-such-office,")
        with self.assertRaisesRegex(PackError, r"petitions\.yaml:\d+: petitions/1: unknown"):
            load(folder)
        self.assertTrue(Petition.objects.get(slug="united-states").targets.exists())

    def test_it_refuses_a_digest_without_a_day(self):
        folder = self.edited_copy('    deliver_on: "12-10"\n', "")
        with self.assertRaisesRegex(PackError, r"petitions\.yaml:\d+: petitions/0"):
            load(folder)


class PackPetitionPagesTestCase(TestCase):
    def test_the_way_page_lists_them_in_every_language(self):
        for lang in LANGS:
            page = self.client.get(f"/{lang}/petitions/")
            self.assertEqual(page.status_code, 200, lang)
            self.assertEqual([p.slug for p in page.context["open"][:4]], SHIPPED, lang)
            for petition in Petition.objects.filter(slug__in=SHIPPED):
                self.assertContains(page, escape(petition.title[lang]))

    def test_a_petition_names_its_addressees_and_says_they_are_reached_by_hand(self):
        page = self.client.get("/en/petitions/international-organisations/")
        self.assertContains(page, "Secretary-General of the United Nations")
        self.assertContains(page, "manual delivery (handed over by the campaign)", count=3)
        self.assertContains(page, "All signatures are delivered together on")
        self.assertContains(page, "Dec. 10")
        self.assertNotContains(page, "Test run")
        arabic = self.client.get("/ar/petitions/international-organisations/")
        self.assertContains(arabic, Petition.objects.get(slug="international-organisations")
                            .text["ar"].split("\n")[0])  # fmt: skip

    def test_staff_can_edit_and_close_them(self):
        staff = get_user_model().objects.create_superuser("staff", "s@example.org", "pw-long-1")
        self.client.force_login(staff)
        petition = Petition.objects.get(slug="united-states")
        edit = self.client.get(f"/admin/snippets/petitions/petition/edit/{petition.pk}/")
        self.assertEqual(edit.status_code, 200)
        self.assertContains(edit, "closes_at")
