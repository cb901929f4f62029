import random

from django.http import QueryDict
from django.test import SimpleTestCase

from clarion.supporters.forms import SignatureForm, quick_clean

VALUES = {
    "kind": [None, "person", "organisation", "robot", "Person", " person"],
    "name": [None, "", "Aylin Mammadova", "  Aylin   M  ", "A" * 199, "A" * 250,
             "a" + " " * 450 + "b", "12345", "\x00\x01", "Ayl\u202ein", "Bad \ufffd", "Élodie"],
    "email": [None, "", "aylin@example.org", " Aylin@Example.ORG ", "nope",
              "aylin@gm\u0430il.com", "a\r\nBcc: x@y.org", "a\x00@example.org",
              "x" * 395 + "@e.org", "Same.Person+x@gmail.com"],
    "country": [None, "", "AZ", "FR", "az", "<script>", "XX", " AZ"],
    "city": [None, "", "Baku", "  Ganja  ", "x" * 101, "x" * 500, "\x07"],
    "consent": [None, "", "on", "false", "False", "0", "true"],
    "show_on_wall": [None, "", "on", "false", "0"],
    "wants_news": [None, "on", "FALSE", "1"],
    "organisation_type": [None, "", "ngo", "bogus"],
    "website": [None, "", " ", "example.org", "javascript:alert(1)"],
    "contact_person": [None, "", "B", "\x00"],
    "fax_number": [None, "", "555"],
}  # fmt: skip


def post(fields):
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        if value is not None:
            data[name] = value
    return data


class QuickCleanTestCase(SimpleTestCase):
    """quick_clean is a shortcut for SignatureForm, never a second opinion."""

    def check(self, fields):
        data = post(fields)
        quick = quick_clean(data)
        form = SignatureForm(data, consent_text="Yes", news_text="News")
        if quick is None:
            return False
        self.assertFalse(form.is_bot, fields)
        self.assertTrue(form.is_valid(), (fields, form.errors))
        self.assertEqual(quick, form.cleaned_data, fields)
        return True

    def test_it_gives_what_the_form_gives_for_plain_signatures(self):
        fields = {"kind": "person", "name": "  Aylin   M  ", "email": " Aylin@Example.ORG ",
                  "country": "AZ", "city": "Baku", "consent": "on", "wants_news": "on"}  # fmt: skip
        self.assertTrue(self.check(fields))
        self.assertTrue(self.check(fields | {"show_on_wall": "false", "wants_news": "0"}))

    def test_it_agrees_with_the_form_on_hostile_and_odd_input(self):
        base = {"kind": "person", "name": "Aylin", "email": "aylin@example.org",
                "country": "AZ", "consent": "on"}  # fmt: skip
        taken = 0
        for name, values in VALUES.items():  # every odd value of one field
            for value in values:
                taken += self.check(base | {name: value})
        generator = random.Random(2026)  # and random mixtures of them
        for _ in range(3000):
            fields = {name: generator.choice(values) for name, values in VALUES.items()
                      if generator.random() < 0.3}  # fmt: skip
            taken += self.check(base | fields)
        self.assertGreater(taken, 300)  # the shortcut was exercised, not only declined

    def test_it_leaves_organisations_bots_and_errors_to_the_form(self):
        base = {"kind": "person", "name": "Aylin", "email": "aylin@example.org",
                "country": "AZ", "consent": "on"}  # fmt: skip
        changes = [{"kind": "organisation"}, {"fax_number": "555"}, {"consent": "false"},
                   {"email": "nope"}, {"country": "XX"}, {"website": "example.org"}]  # fmt: skip
        for change in changes:
            self.assertIsNone(quick_clean(post(base | change)), change)
        self.assertIsNotNone(quick_clean(post(base)))
