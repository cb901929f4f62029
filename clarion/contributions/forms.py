import html
import re
import unicodedata

import nh3
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clarion.contributions import composer_pack
from clarion.contributions.compose import MAX_SLOGAN, ZOOMS
from clarion.contributions.models import Report, Submission
from clarion.lib.forms import HoneypotForm
from clarion.lib.uploads import UploadRejected, clean_image
from clarion.supporters.forms import CountryField, clean_email_address, clean_text

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
OWN = "own"


def clean_long_text(value, max_length):
    """Letters: tags and scripts removed by nh3, bidi overrides dropped, plain text kept
    (it is escaped again whenever it is shown)."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n")
    value = html.unescape(nh3.clean(value, tags=set()))
    value = BIDI_CONTROLS.sub("", value)
    value = "".join(c for c in value if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))
    value = re.sub(r"\n{3,}", "\n\n", value).strip()
    if len(value) > max_length:
        raise forms.ValidationError(
            _("Please keep this under %(n)s characters.") % {"n": max_length}
        )
    return value


class PictureField(forms.FileField):
    """An upload checked by clarion.lib.uploads; cleaned to a CleanImage."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return clean_image(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.message) from None


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES]


class ComposeForm(forms.Form):
    photo = PictureField(label=_("Your photo or picture (JPEG, PNG or WebP)"), required=False)
    background = forms.ChoiceField(label=_("Or a campaign background"), widget=forms.RadioSelect)
    frame = forms.ChoiceField(label=_("Frame"), widget=forms.RadioSelect)
    slogan = forms.ChoiceField(label=_("Slogan"), widget=forms.RadioSelect)
    slogan_language = forms.ChoiceField(label=_("Language of the slogan"))
    own_text = forms.CharField(label=_("Your own words"), max_length=400, required=False)
    position = forms.ChoiceField(
        label=_("Keep this part of the photo"),
        choices=[
            ("center", _("Centre")),
            ("top", _("Top")),
            ("bottom", _("Bottom")),
            ("left", _("Left")),
            ("right", _("Right")),
        ],
        initial="center",
    )
    zoom = forms.TypedChoiceField(
        label=_("Zoom"), choices=[(z, f"{z} %") for z in ZOOMS], coerce=int, initial=100
    )

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["background"].choices = composer_pack.backgrounds()
        self.fields["frame"].choices = composer_pack.frames()
        slogans = composer_pack.slogans(language)
        self.fields["slogan"].choices = slogans + [(OWN, _("My own words (below)"))]
        self.fields["slogan_language"].choices = language_choices()
        for name, choices in [("background", "backgrounds"), ("frame", "frames")]:
            self.fields[name].initial = getattr(composer_pack, choices)()[0][0]
        self.fields["slogan"].initial = slogans[0][0]
        self.fields["slogan_language"].initial = language

    def clean_own_text(self):
        value = self.cleaned_data.get("own_text", "")
        return clean_text(value, MAX_SLOGAN, _("your words"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("slogan") == OWN and not data.get("own_text") and "own_text" not in self.errors:
            self.add_error("own_text", _("Please write your words, or choose a slogan."))
        return data

    def composition(self):
        data = self.cleaned_data
        language = data["slogan_language"]
        text = data["own_text"] if data["slogan"] == OWN else ""
        text = text or composer_pack.slogan_text(data["slogan"], language)
        return {
            "frame": data["frame"],
            "background": data["background"],
            "slogan": data["slogan"],
            "slogan_language": language,
            "own_text": data.get("own_text", ""),
            "text": text,
            "position": data["position"],
            "zoom": data["zoom"],
        }


class AuthorFields(HoneypotForm):
    """Who sent it, and how they want to appear."""

    author_name = forms.CharField(label=_("Your name"), max_length=400)
    name_display = forms.ChoiceField(
        label=_("How your name is shown"),
        choices=Submission.NAME_DISPLAY,
        initial=Submission.NAME_FULL,
        widget=forms.RadioSelect,
    )
    country = CountryField(label=_("Country"))
    email = forms.CharField(
        label=_("Email (never shown; we send you a link to erase your contribution)"),
        max_length=400,
    )
    consent = forms.BooleanField(
        label=_(
            "This is my own work (or I may share it) and I agree that it is published "
            "on this site after moderation."
        ),
        error_messages={"required": _("Please agree, or we cannot publish your contribution.")},
    )

    def clean_author_name(self):
        return clean_text(self.cleaned_data["author_name"], 120, _("your name"))

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])


class GalleryForm(AuthorFields):
    pass


class LetterForm(AuthorFields):
    genre = forms.ChoiceField(label=_("What are you sending?"), choices=Submission.GENRES)
    title = forms.CharField(label=_("Title (optional)"), max_length=400, required=False)
    text = forms.CharField(label=_("Your text"), widget=forms.Textarea, required=False)
    drawing = PictureField(label=_("A drawing or picture (optional)"), required=False)
    language = forms.ChoiceField(label=_("Language of your text"))
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=Submission.AGE_GROUPS, required=False
    )
    for_class = forms.BooleanField(
        label=_("I am a teacher sending this for my class"), required=False
    )
    school = forms.CharField(label=_("School and class"), max_length=400, required=False)
    class_consent = forms.BooleanField(
        label=_("The pupils and their parents or guardians agree to this publication"),
        required=False,
    )

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = language

    def clean_title(self):
        return clean_text(self.cleaned_data.get("title", ""), 150, _("a title"), required=False)

    def clean_school(self):
        value = self.cleaned_data.get("school", "")
        return clean_text(value, 150, _("the school"), required=False)

    def clean_text(self):
        return clean_long_text(self.cleaned_data.get("text", ""), 20_000)

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("drawing") and "text" not in self.errors:
            if "drawing" not in self.errors:
                self.add_error("text", _("Please write your text or add a drawing."))
        if data.get("for_class"):
            if not data.get("school") and "school" not in self.errors:
                self.add_error("school", _("Please name the school and the class."))
            if not data.get("class_consent"):
                self.add_error(
                    "class_consent",
                    _("We can only publish pupils' work when they and their families agree."),
                )
        return data


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Report.REASONS)
