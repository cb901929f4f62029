from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from clarion.supporters.forms import SignatureForm, clean_text

LINE_MAX = 500


class LineMixin(forms.Form):
    line = forms.CharField(
        label=_("Your own words (optional)"),
        help_text=_("Up to 500 characters, plain text, added under the petition."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply_to_ok = forms.BooleanField(
        label=_("The addressees may reply to my email address"), required=False
    )

    def clean_line(self):
        value = strip_tags(self.cleaned_data.get("line", ""))
        return clean_text(value, LINE_MAX, _("your words"), required=False)


class MemberForm(LineMixin):
    """One click: the member is known, only their own line is asked."""


class ShortForm(LineMixin, SignatureForm):
    """For newcomers: the declaration's validation, as a person, fewer fields."""

    DROPPED = ("kind", "city", "organisation_type", "website", "contact_person", "show_on_wall")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DROPPED:
            self.fields.pop(name)

    def clean(self):
        data = super().clean()
        data.update(kind="person", city="", show_on_wall=False)
        return data
