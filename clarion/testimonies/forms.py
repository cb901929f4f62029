from django import forms
from django.utils.translation import gettext_lazy as _

from clarion.contributions.forms import AuthorFields, clean_long_text, language_choices
from clarion.lib.media import check_media
from clarion.lib.uploads import UploadRejected
from clarion.supporters.forms import clean_text


class RecordingField(forms.FileField):
    """An upload checked by clarion.lib.media (size first, then the container,
    codecs and duration); cleaned to a Media."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_media(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.message) from None


class TestimonyForm(AuthorFields):
    title = forms.CharField(label=_("Title"), max_length=400)
    summary = forms.CharField(
        label=_("Transcript or summary of what you say"), widget=forms.Textarea
    )
    language = forms.ChoiceField(label=_("Language of your testimony"))
    recording = RecordingField(
        label=_("Video (MP4) or sound recording (M4A), at most 3 minutes and 50 MB"),
        required=False,
    )
    link = forms.URLField(
        label=_("Or a link to your video on a public platform"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = language

    def clean_title(self):
        return clean_text(self.cleaned_data.get("title", ""), 150, _("a title"))

    def clean_summary(self):
        value = clean_long_text(self.cleaned_data.get("summary", ""), 10_000)
        if len(value) < 20:
            raise forms.ValidationError(_("Please write a few sentences."))
        return value

    def clean_link(self):
        link = self.cleaned_data.get("link", "")
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return link

    def clean(self):
        data = super().clean()
        if not data.get("recording") and not data.get("link"):
            if "recording" not in self.errors and "link" not in self.errors:
                self.add_error("recording", _("Please add your recording, or a link to it."))
        return data
