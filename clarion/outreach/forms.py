from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from clarion.lib.countries import is_country
from clarion.outreach import segments

KIND_LABELS = {
    "person": pgettext_lazy("member kind", "Person"),
    "organisation": pgettext_lazy("member kind", "Organisation"),
    "school": pgettext_lazy("member kind", "School"),
    "volunteer": pgettext_lazy("member kind", "Volunteer"),
    "coordinator": pgettext_lazy("member kind", "Coordinator"),
}


class SegmentForm(forms.Form):
    """Who gets it (staff side): the fields clarion.outreach.segments.clean reads."""

    languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Languages"), help_text=gettext_lazy("None ticked: every language."),
    )  # fmt: skip
    countries = forms.CharField(
        required=False, label=gettext_lazy("Countries"),
        help_text=gettext_lazy("ISO codes separated by spaces or commas (e.g. TR, FR); "
                               "empty: every country you may send to."),
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        choices=[(k, KIND_LABELS[k]) for k in segments.MEMBER_KINDS], required=False,
        widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Kinds"),
        help_text=gettext_lazy("Any of those ticked (a volunteer is also a person); "
                               "none ticked: every kind."),
    )  # fmt: skip
    petition = forms.IntegerField(
        required=False, min_value=1, label=gettext_lazy("Signed petition (id)")
    )
    attended = forms.IntegerField(
        required=False, min_value=1, label=gettext_lazy("Registered for event (id)")
    )
    near_event = forms.IntegerField(
        required=False, min_value=1, label=gettext_lazy("Near event (id)")
    )
    near = forms.ChoiceField(
        choices=[
            ("country", gettext_lazy("In the event's country")),
            ("city", gettext_lazy("In the event's city")),
        ],
        required=False,
        label=gettext_lazy("Near"),
    )

    def clean_countries(self):
        codes = [
            c.strip().upper() for c in self.cleaned_data["countries"].replace(",", " ").split()
        ]
        bad = [c for c in codes if not is_country(c)]
        if bad:
            raise forms.ValidationError(
                _("Not a country code: %(codes)s") % {"codes": ", ".join(bad)}
            )
        return codes

    def segment(self, scope):
        """The checked segment; raises segments.SegmentError for a coordinator out of area."""
        return segments.clean(self.cleaned_data, scope)

    @classmethod
    def initial_for(cls, newsletter):
        initial = dict(newsletter.segment)
        initial["countries"] = " ".join(initial.get("countries") or [])
        if newsletter.event_id and not initial.get("near_event"):
            initial["near_event"], initial["near"] = newsletter.event_id, "country"
        return initial


class ScheduleForm(forms.Form):
    # It shares one <form> with Count and Send now: a browser must not refuse
    # those for an empty "Send at" (the Schedule button's check is the server's).
    use_required_attribute = False

    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label=gettext_lazy("Send at (UTC)"),
    )
