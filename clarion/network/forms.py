from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clarion.network.models import Volunteer
from clarion.supporters.forms import CountryField, clean_email_address, clean_text


class VolunteerForm(forms.Form):
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
    fax_number = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text

    @property
    def is_bot(self):
        return bool(self.data.get("fax_number"))

    def clean_name(self):
        return clean_text(self.cleaned_data["name"], 200, _("your name"))

    def clean_city(self):
        return clean_text(self.cleaned_data.get("city", ""), 100, _("a city"), required=False)

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=400)
    email = forms.CharField(label=_("Email"), max_length=400)
    message = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("I agree that my message and my address are passed to the coordinator."),
        error_messages={"required": _("Please agree, or we cannot pass on your message.")},
    )
    fax_number = forms.CharField(required=False, label=_("Leave this field empty"))

    @property
    def is_bot(self):
        return bool(self.data.get("fax_number"))

    def clean_name(self):
        return clean_text(self.cleaned_data["name"], 200, _("your name"))

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if len(value) < 10:
            raise forms.ValidationError(_("Please write a little more."))
        return value


class TaskDoneForm(forms.Form):
    report = forms.CharField(
        label=_("What did you do?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
