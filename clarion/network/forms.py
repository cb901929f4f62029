import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from clarion.contributions.forms import PictureField, clean_long_text
from clarion.contributions.models import Submission
from clarion.lib.forms import HoneypotForm
from clarion.network.models import Partner, SchoolClass, Volunteer
from clarion.supporters.forms import CountryField, clean_email_address, clean_name, clean_text


class PeopleForm(HoneypotForm):
    """The network's forms for people: the email cleaned as the sign path
    cleans it, and the consent box worded from its stored text (ConsentText)
    when the view gives it, so what a person ticked is what was recorded."""

    def __init__(self, *args, consent_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consent_text is not None:
            self.fields["consent"].label = consent_text

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])


class VolunteerForm(PeopleForm):
    name = forms.CharField(label=_("Your name"), max_length=400)
    email = forms.CharField(label=_("Email"), max_length=400)
    country = CountryField(label=_("Country"))
    city = forms.CharField(label=_("City (optional)"), max_length=400, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.MultipleChoiceField(
        label=_("How you can help"),
        choices=Volunteer.SKILLS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to help.")},
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours a month you can give"), min_value=1, max_value=200
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree, or we cannot store your offer.")}
    )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"], 200, _("your name"))

    def clean_city(self):
        return clean_text(self.cleaned_data.get("city", ""), 100, _("a city"), required=False)


class ContactForm(PeopleForm):
    name = forms.CharField(label=_("Your name"), max_length=400)
    email = forms.CharField(label=_("Email"), max_length=400)
    message = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("I agree that my message and my address are passed to the coordinator."),
        error_messages={"required": _("Please agree, or we cannot pass on your message.")},
    )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"], 200, _("your name"))

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if len(value) < 10:
            raise forms.ValidationError(_("Please write a little more."))
        return value


class TaskDoneForm(forms.Form):
    report = forms.CharField(
        label=_("What did you do?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


# An address or a phone number in a class's work is a pupil's (or a family's)
# personal data that the campaign never needs: refused, not stored.
EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE_LIKE = re.compile(r"\+?\d[\d\s()./-]{7,}\d")


def looks_like_phone(value):
    """Nine digits or more in one run: a phone number (a date has eight)."""
    return any(sum(c.isdigit() for c in m.group()) >= 9 for m in PHONE_LIKE.finditer(value))


def refuse_personal_data(value):
    if EMAIL_LIKE.search(value) or looks_like_phone(value):
        raise forms.ValidationError(
            _("Please remove the email addresses and phone numbers: pupils' personal data is "
              "never needed, the work is signed by the class.")
        )  # fmt: skip
    return value


class SchoolClassForm(PeopleForm):
    """A teacher registers a class: nothing about any pupil but how many there are."""

    school = forms.CharField(label=_("School"), max_length=400)
    class_name = forms.CharField(label=_("Class (optional)"), max_length=200, required=False)
    town = forms.CharField(label=_("Town"), max_length=400)
    country = CountryField(label=_("Country"))
    age_group = forms.ChoiceField(label=_("Age group"), choices=SchoolClass.AGE_GROUPS)
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=200)
    language = forms.ChoiceField(label=_("Language of the class"), choices=settings.LANGUAGES)
    email = forms.CharField(label=_("Your email as the teacher (never shown)"), max_length=400)
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree, or we cannot register the class.")}
    )

    def clean_school(self):
        return clean_text(self.cleaned_data["school"], 200, _("the school"))

    def clean_class_name(self):
        value = clean_text(self.cleaned_data.get("class_name", ""), 60, _("the class"),
                           required=False)  # fmt: skip
        return refuse_personal_data(value)

    def clean_town(self):
        return clean_text(self.cleaned_data["town"], 100, _("a town"))


class ClassWorkForm(forms.Form):
    """One letter or drawing of the class, signed by the class, never by a pupil."""

    genre = forms.ChoiceField(label=_("What are you sending?"), choices=Submission.GENRES)
    title = forms.CharField(label=_("Title (optional)"), max_length=400, required=False)
    text = forms.CharField(label=_("The text"), widget=forms.Textarea, required=False)
    drawing = PictureField(label=_("A drawing or picture (optional)"), required=False)
    class_consent = forms.BooleanField(
        label=_("The pupils and their parents or guardians agree to this publication"),
        error_messages={
            "required": _("We can only publish pupils' work when they and their families agree.")
        },
    )

    def clean_title(self):
        value = clean_text(self.cleaned_data.get("title", ""), 150, _("a title"), required=False)
        return refuse_personal_data(value)

    def clean_text(self):
        return refuse_personal_data(clean_long_text(self.cleaned_data.get("text", ""), 20_000))

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("drawing"):
            if "text" not in self.errors and "drawing" not in self.errors:
                self.add_error("text", _("Please write the text or add a drawing."))
        return data


class LogoField(forms.FileField):
    """An upload checked by clarion.lib.uploads, cleaned to a re-encoded Logo."""

    def clean(self, data, initial=None):
        from clarion.lib.uploads import UploadRejected
        from clarion.network.partners import clean_logo

        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return clean_logo(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.message) from None


class PartnerForm(PeopleForm):
    """An organisation asks to be shown on the partners page."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=400)
    kind = forms.ChoiceField(
        label=_("Show us among"),
        choices=[
            (
                Partner.PARTNER,
                _("Partners: we work with the campaign (events, publications, outreach)"),
            ),
            (Partner.SUPPORTER, _("Supporters: we support the campaign's aims")),
        ],  # fmt: skip
        widget=forms.RadioSelect,
        initial=Partner.SUPPORTER,
    )
    country = CountryField(label=_("Country"))
    link = forms.CharField(label=_("Website (optional)"), max_length=400, required=False)
    logo = LogoField(label=_("Logo (optional): PNG, JPEG or WebP, at most 2 MB"), required=False)
    email = forms.CharField(label=_("Email of a contact person (never shown)"), max_length=400)
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree, or we cannot show your organisation.")}
    )

    def clean_name(self):
        return clean_name(self.cleaned_data["name"], 200, _("the name of the organisation"))

    def clean_link(self):
        """A web address people may follow: http or https, nothing else."""
        value = self.cleaned_data.get("link", "").strip()
        if not value:
            return ""
        if "://" not in value:
            value = f"https://{value}"
        refused = forms.ValidationError(
            _("Please give the address of your website, for example https://example.org/.")
        )
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise refused from None
        odd = any(c.isspace() or c in '"<>\\`' for c in value)
        if odd or len(value) > 300 or urlsplit(value).username is not None:
            raise refused
        return value
