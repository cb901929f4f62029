from django import forms
from django.conf import settings

from clarion.lib.countries import is_country
from clarion.outreach import segments


class SegmentForm(forms.Form):
    """Who gets it (staff side): the fields clarion.outreach.segments.clean reads."""

    languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every language.",
    )  # fmt: skip
    countries = forms.CharField(
        required=False, help_text="ISO codes separated by spaces or commas (e.g. TR, FR); "
        "empty: every country you may send to."
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        choices=[(k, k.capitalize()) for k in segments.MEMBER_KINDS], required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Any of those ticked (a volunteer is also a person); none ticked: every kind.",
    )  # fmt: skip
    petition = forms.IntegerField(required=False, min_value=1, label="Signed petition (id)")
    attended = forms.IntegerField(required=False, min_value=1, label="Registered for event (id)")
    near_event = forms.IntegerField(required=False, min_value=1, label="Near event (id)")
    near = forms.ChoiceField(
        choices=[("country", "In the event's country"), ("city", "In the event's city")],
        required=False,
    )

    def clean_countries(self):
        codes = [
            c.strip().upper() for c in self.cleaned_data["countries"].replace(",", " ").split()
        ]
        bad = [c for c in codes if not is_country(c)]
        if bad:
            raise forms.ValidationError(f"Not a country code: {', '.join(bad)}")
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
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="Send at (UTC)"
    )
