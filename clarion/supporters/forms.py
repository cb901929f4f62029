import copy
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from clarion.lib import emails
from clarion.lib.countries import country_choices, is_country
from clarion.lib.forms import HONEYPOT, HoneypotForm
from clarion.lib.links import has_link
from clarion.supporters.models import Signature

EMAIL_ERRORS = {
    "invalid": _("Enter a valid email address, for example name@example.org."),
    "look-alike": _(
        "This address mixes look-alike letters from different alphabets. Please type it again."
    ),
}


def clean_text(value, max_length, field_label, required=True):
    """Trim and normalise a line of text; refuse what a person would not type."""
    value = unicodedata.normalize("NFC", value or "").strip()
    value = " ".join(value.split())
    if "\ufffd" in value:
        raise forms.ValidationError(
            _("Some characters could not be read. Please check the text and send it again.")
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in value):
        raise forms.ValidationError(_("Please use only letters, digits and punctuation."))
    if required and not any(c.isalpha() for c in value):
        raise forms.ValidationError(_("Please enter %(field)s.") % {"field": field_label})
    if len(value) > max_length:
        raise forms.ValidationError(
            _("Please keep this under %(n)s characters.") % {"n": max_length}
        )
    return value


def clean_name(value, max_length, field_label):
    """A person's or organisation's name: text, and no web address (names go
    into mails and public pages)."""
    value = clean_text(value, max_length, field_label)
    if has_link(value):
        raise forms.ValidationError(_("Please write the name without web addresses."))
    return value


def clean_email_address(value):
    """A mailbox as typed, normalised; refused (with the reason) if it cannot be
    canonicalised, e.g. look-alike letters from different alphabets."""
    try:
        emails.canonical(value)
        return emails.normalise(value)
    except emails.EmailError as error:
        raise forms.ValidationError(EMAIL_ERRORS[str(error)]) from None


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now():
        return [("", _("Choose your country"))] + country_choices()

    def validate(self, value):
        super(forms.ChoiceField, self).validate(value)
        if value and not is_country(value):
            raise forms.ValidationError(_("Choose a country from the list."), code="invalid_choice")


class SharedFields(dict):
    def __deepcopy__(self, memo):
        return self


_shared = {}


def _shared_fields(form_class, consent_text, news_text):
    key = (form_class, consent_text, news_text)
    if key not in _shared:
        fields = copy.deepcopy(form_class.base_fields)
        fields["consent"].label, fields["wants_news"].label = consent_text, news_text
        _shared[key] = SharedFields(fields)
    return _shared[key]


class SignatureForm(HoneypotForm):
    kind = forms.ChoiceField(
        label=_("I sign as"), choices=Signature.KINDS, initial="person", widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Your name"), max_length=400)
    email = forms.CharField(label=_("Email"), max_length=400)
    country = CountryField(label=_("Country"))
    city = forms.CharField(label=_("City (optional)"), max_length=400, required=False)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", "—")] + Signature.ORG_TYPES,
        required=False,
    )
    website = forms.URLField(
        label=_("Website of the organisation"),
        max_length=300,
        required=False,
        assume_scheme="https",
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=400, required=False)
    show_on_wall = forms.BooleanField(
        label=_("Show my first name and country on the supporters wall"), required=False
    )
    wants_news = forms.BooleanField(required=False)
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree, or we cannot count your signature.")}
    )

    def __init__(self, data=None, *args, consent_text="", news_text="", **kwargs):
        if data is not None and type(self) is SignatureForm:
            # Validating only reads the fields: share one set per consent wording
            # instead of deep-copying them for every signature (see unshare()).
            # Subclasses may change their fields, so they keep their own copies.
            self.base_fields = _shared_fields(type(self), consent_text, news_text)
        super().__init__(data, *args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["wants_news"].label = news_text

    def unshare(self):
        """Own copies of the fields before the form is shown again."""
        self.fields = copy.deepcopy(dict(self.fields))
        return self

    def clean_name(self):
        return clean_name(self.cleaned_data["name"], 200, _("your name"))

    def clean_city(self):
        return clean_text(self.cleaned_data.get("city", ""), 100, _("a city"), required=False)

    def clean_contact_person(self):
        value = self.cleaned_data.get("contact_person", "")
        return clean_text(value, 200, _("a contact person"), required=False)

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Signature.ORGANISATION:
            if not data.get("contact_person") and "contact_person" not in self.errors:
                self.add_error("contact_person", _("Please name a contact person."))
            if not data.get("organisation_type") and "organisation_type" not in self.errors:
                self.add_error("organisation_type", _("Please choose the type of organisation."))
            data["show_on_wall"] = data.get("show_on_wall", False)
        else:
            data["organisation_type"], data["website"], data["contact_person"] = "", "", ""
        return data


def quick_clean(data):
    """SignatureForm's cleaned data for the commonest valid POST, a person with
    no organisation fields, computed without building the form (a third of the
    sign path's time went into it). None for anything else, including every
    error: the form then decides, with its messages. The fields are read as the
    form's widgets and fields read them; test_forms checks that this gives what
    the form gives, on valid and on hostile input."""
    get = data.get
    if get("kind") != Signature.PERSON or not _ticked(data, "consent"):
        return None
    if any(get(name) for name in ("organisation_type", "website", "contact_person", HONEYPOT)):
        return None
    name, email, city = (str(get(field) or "").strip() for field in ("name", "email", "city"))
    country = get("country")
    if max(len(name), len(email), len(city)) > 400 or "\x00" in email or not is_country(country):
        return None
    try:
        name = clean_name(name, 200, "")  # the same rules as the form: no links
        city = clean_text(city, 100, "", required=False)
        email = clean_email_address(email)
    except forms.ValidationError:
        return None
    ticked = {box: _ticked(data, box) for box in ("show_on_wall", "wants_news")}
    return {"kind": Signature.PERSON, "name": name, "email": email, "country": country,
            "city": city, "organisation_type": "", "website": "", "contact_person": "",
            "consent": True, HONEYPOT: ""} | ticked  # fmt: skip


def _ticked(data, name):
    """A checkbox as CheckboxInput and BooleanField read it."""
    if name not in data:
        return False
    value = data.get(name)
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.lower(), value)
    return bool(value)


class EmailOnlyForm(forms.Form):
    email = forms.CharField(label=_("Email"), max_length=400)

    def clean_email(self):
        try:
            return emails.canonical(self.cleaned_data["email"])
        except emails.EmailError as error:
            raise forms.ValidationError(EMAIL_ERRORS[str(error)]) from None
