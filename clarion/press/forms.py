import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib import emails
from clarion.lib.countries import country_choices
from clarion.lib.forms import HoneypotMixin
from clarion.press.models import Coverage


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    outlet = forms.CharField(label=_("Media outlet"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    message = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]

    def clean_email(self):
        try:
            emails.canonical(self.cleaned_data["email"])
        except emails.EmailError:
            raise forms.ValidationError(_("Enter a valid email address.")) from None
        return self.cleaned_data["email"]


class CoverageForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = Coverage
        fields = ["url", "title", "outlet", "kind", "country", "published_on", "language",
                  "submitted_by", "email"]  # fmt: skip
        labels = {
            "url": _("Address of the article or broadcast"),
            "title": _("Its title"),
            "outlet": _("Media outlet"),
            "kind": _("Kind"),
            "country": _("Country of the outlet"),
            "published_on": _("Date published"),
            "language": _("Language"),
            "submitted_by": _("Your name (optional, not shown)"),
            "email": _("Your email address (optional, for questions, not shown)"),
        }
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"] = forms.URLField(
            label=self.fields["url"].label, max_length=500, assume_scheme="https"
        )
        self.fields["country"] = forms.ChoiceField(
            label=_("Country of the outlet"), choices=[("", "—"), *country_choices()]
        )
        self.fields["language"].choices = [
            *[(code, name) for code, name in settings.LANGUAGES],
            ("other", _("Another language")),
        ]

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        if Coverage.objects.filter(url=url).exists():
            raise forms.ValidationError(_("This link has been reported already. Thank you!"))
        return url

    def clean_published_on(self):
        day = self.cleaned_data["published_on"]
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email:
            try:
                emails.canonical(email)
            except emails.EmailError:
                raise forms.ValidationError(_("Enter a valid email address.")) from None
        return email
