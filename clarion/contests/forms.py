from django import forms
from django.utils.translation import gettext_lazy as _

from clarion.contests.models import ADULT_AGE
from clarion.contributions.forms import PictureField, clean_long_text
from clarion.lib.forms import HoneypotForm
from clarion.supporters.forms import CountryField, clean_email_address, clean_text


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return category.name_in()


class EntryForm(HoneypotForm):
    category = CategoryChoice(label=_("Category"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title of the work"), max_length=400)
    description = forms.CharField(
        label=_("A few words about it (optional)"), widget=forms.Textarea, required=False
    )
    image = PictureField(label=_("The work: a photo or scan (JPEG, PNG or WebP)"))
    author_name = forms.CharField(label=_("Artist's full name (not shown)"), max_length=400)
    display_name = forms.CharField(
        label=_("Name to show with the work, e.g. a first name"), max_length=400
    )
    age = forms.IntegerField(label=_("Artist's age"), min_value=3, max_value=120)
    country = CountryField(label=_("Country"))
    email = forms.CharField(label=_("Email (never shown)"), max_length=400)
    guardian_name = forms.CharField(
        label=_("Parent or guardian's name (artists under 18)"), max_length=400, required=False
    )
    guardian_email = forms.CharField(
        label=_("Parent or guardian's email (artists under 18)"), max_length=400, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "This is the artist's own work, and I agree to the contest rules and to its "
            "publication on this site and in exhibitions."
        ),
        error_messages={"required": _("Please agree, or we cannot accept the entry.")},
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()

    def clean_title(self):
        return clean_text(self.cleaned_data["title"], 150, _("a title"))

    def clean_description(self):
        return clean_long_text(self.cleaned_data.get("description", ""), 2000)

    def clean_author_name(self):
        return clean_text(self.cleaned_data["author_name"], 150, _("the artist's name"))

    def clean_display_name(self):
        return clean_text(self.cleaned_data["display_name"], 60, _("the name to show"))

    def clean_email(self):
        return clean_email_address(self.cleaned_data["email"])

    def clean_guardian_name(self):
        return clean_text(self.cleaned_data.get("guardian_name", ""), 150, "", required=False)

    def clean_guardian_email(self):
        value = self.cleaned_data.get("guardian_email", "")
        return clean_email_address(value) if value else ""

    def clean(self):
        data = super().clean()
        age, category = data.get("age"), data.get("category")
        if category is not None and "age" not in self.errors and not category.fits(age):
            self.add_error("category", _("This category is for another age group."))
        if age is not None and age < ADULT_AGE:
            for field in ("guardian_name", "guardian_email"):
                if not data.get(field) and field not in self.errors:
                    self.add_error(
                        field,
                        _(
                            "Give a parent's or guardian's name and email: we ask for their "
                            "consent by mail."
                        ),
                    )
        return data
