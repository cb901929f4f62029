"""What the public forms share: a field people never see, which bots fill in.

The field is hidden by the style sheet (templates/includes/honeypot.html) and
labelled "Leave this field empty" for anyone whose screen reader still reaches
it. A form that finds it filled answers as if all went well and stores nothing
(`is_bot`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "fax_number"


class HoneypotMixin:
    """`is_bot` for any form (a ModelForm too) whose page includes the field."""

    @property
    def is_bot(self):
        return bool(self.data.get(HONEYPOT))


class HoneypotForm(HoneypotMixin, forms.Form):
    fax_number = forms.CharField(required=False, label=_("Leave this field empty"))
