import datetime
import zoneinfo
from decimal import Decimal
from functools import cache

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.events.models import Event, Material
from clarion.lib import emails
from clarion.lib.forms import HoneypotForm
from clarion.lib.uploads import MAX_BYTES, UploadRejected, clean_encoded
from clarion.supporters.forms import EMAIL_ERRORS, CountryField, clean_name, clean_text

HELP = [
    ("speaker", _("A speaker")),
    ("film", _("A copy of a film")),
    ("panels", _("Exhibition panels")),
    ("technical", _("Technical help")),
]
MAX_PHOTOS = 10
MAX_SHEET = 5 * 1024 * 1024


@cache
def zone_names():
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")


def zone_choices():
    return [("", _("Choose a time zone"))] + [(z, z.replace("_", " ")) for z in zone_names()]


def local_datetime(day, time, zone):
    """An aware datetime, or ValueError for a wall-clock time skipped by a clock change."""
    naive = datetime.datetime.combine(day, time)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueError("skipped")
    return aware


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


class ProposalForm(HoneypotForm):
    type = forms.ChoiceField(label=_("Type of event"), choices=[("", "—")] + Event.TYPES)
    title = forms.CharField(label=_("Title"), max_length=400)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_date = forms.DateField(label=_("End date (if later)"), widget=DateInput(), required=False)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )
    address = forms.CharField(label=_("Venue and address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=400, required=False)
    country = CountryField(label=_("Country"))
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"), required=False, max_digits=8, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"), required=False, max_digits=8, decimal_places=5
    )
    online_url = forms.URLField(
        label=_("Link for online participation (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
    )
    expected_audience = forms.IntegerField(
        label=_("Expected audience"), min_value=1, max_value=1_000_000
    )
    capacity = forms.IntegerField(
        label=_("Places for registration (empty: no limit)"),
        min_value=1,
        max_value=1_000_000,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the event"), choices=settings.LANGUAGES)
    accessibility = forms.CharField(
        label=_("Accessibility (step-free access, sign language, …)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    organiser_name = forms.CharField(label=_("Your name"), max_length=400)
    organiser_email = forms.CharField(label=_("Your email"), max_length=400)
    help_wanted = forms.MultipleChoiceField(
        label=_("Help you would like"),
        choices=HELP,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    shipping_address = forms.CharField(
        label=_("Shipping address for materials"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my contact details are stored to organise this event with me."),
        error_messages={"required": _("Please agree, or we cannot contact you about the event.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(Material.objects.order_by("name"))
        for material in self.materials:
            self.fields[f"material_{material.pk}"] = forms.IntegerField(
                label=material.name, min_value=0, max_value=10_000, required=False
            )

    @classmethod
    def initial_for(cls, event):
        """The form filled with an event, times in its own zone."""
        initial = {
            field: getattr(event, field) for field in cls.base_fields if hasattr(event, field)
        }
        start, end = event.local_start, event.local_end
        initial.update(date=start.date(), start_time=start.time(), end_time=end.time())
        initial["end_date"] = end.date() if end.date() != start.date() else None
        return initial

    def material_fields(self):
        return [self[f"material_{m.pk}"] for m in self.materials]

    def clean_title(self):
        return clean_text(self.cleaned_data["title"], 200, _("a title"))

    def clean_city(self):
        return clean_text(self.cleaned_data.get("city", ""), 120, _("a city"), required=False)

    def clean_organiser_name(self):
        return clean_name(self.cleaned_data["organiser_name"], 200, _("your name"))

    def clean_organiser_email(self):
        try:
            value = self.cleaned_data["organiser_email"]
            emails.canonical(value)
            return emails.normalise(value)
        except emails.EmailError as error:
            raise forms.ValidationError(EMAIL_ERRORS[str(error)]) from None

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not Decimal(-90) <= value <= Decimal(90):
            raise forms.ValidationError(_("A latitude is between -90 and 90."))
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not Decimal(-180) <= value <= Decimal(180):
            raise forms.ValidationError(_("A longitude is between -180 and 180."))
        return value

    def clean(self):
        data = super().clean()
        self._clean_times(data)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            if not {"latitude", "longitude"} & set(self.errors):
                self.add_error("longitude", _("Give both coordinates, or neither."))
        if not data.get("city") and not data.get("online_url") and "city" not in self.errors:
            self.add_error("city", _("Give the city, or a link for online participation."))
        data["materials"] = [
            (m, data[f"material_{m.pk}"]) for m in self.materials if data.get(f"material_{m.pk}")
        ]
        if data["materials"] and not (data.get("shipping_address") or "").strip():
            self.add_error("shipping_address", _("Where should we send the materials?"))
        return data

    def _clean_times(self, data):
        names = ("date", "start_time", "end_time", "time_zone")
        if any(data.get(name) is None or name in self.errors for name in names):
            return
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        try:
            starts = local_datetime(data["date"], data["start_time"], zone)
        except ValueError:
            self.add_error("start_time", _("This time does not exist there: the clocks change."))
            return
        try:
            ends = local_datetime(data.get("end_date") or data["date"], data["end_time"], zone)
        except ValueError:
            self.add_error("end_time", _("This time does not exist there: the clocks change."))
            return
        if starts < timezone.now():
            self.add_error("date", _("This date is in the past."))
        elif starts > timezone.now() + datetime.timedelta(days=730):
            self.add_error("date", _("Please propose events for the next two years only."))
        elif ends <= starts:
            self.add_error("end_time", _("The event must end after it starts."))
        elif ends - starts > datetime.timedelta(days=31):
            self.add_error("end_date", _("An event can last at most 31 days."))
        data["starts_at"], data["ends_at"] = starts, ends


class RSVPForm(HoneypotForm):
    name = forms.CharField(label=_("Your name"), max_length=400)
    email = forms.CharField(label=_("Email"), max_length=400)
    consent = forms.BooleanField(
        label=_("I agree that the organiser receives my name and email for this event."),
        error_messages={"required": _("Please agree, or we cannot register you.")},
    )

    def clean_name(self):
        return clean_name(self.cleaned_data["name"], 200, _("your name"))

    def clean_email(self):
        try:
            value = self.cleaned_data["email"]
            emails.canonical(value)
            return emails.normalise(value)
        except emails.EmailError as error:
            raise forms.ValidationError(EMAIL_ERRORS[str(error)]) from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class Sheet:
    def __init__(self, name, data):
        self.name, self.data = name, data


class ReportForm(forms.Form):
    attendance = forms.IntegerField(label=_("How many people came?"), min_value=0, max_value=10**7)
    summary = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    paper_signatures = forms.IntegerField(
        label=_("Paper signatures collected"), min_value=0, max_value=10**6, required=False
    )
    sheet = forms.FileField(
        label=_("Signature sheet (CSV or XLSX, optional)"), required=False, max_length=200
    )
    press_links = forms.CharField(
        label=_("Press coverage: one link per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    photos = MultipleFileField(label=_("Photos (JPEG, PNG or WebP; up to 10)"), required=False)

    def clean_sheet(self):
        upload = self.cleaned_data.get("sheet")
        if not upload:
            return None
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload the sheet as a .csv or .xlsx file."))
        if upload.size > MAX_SHEET:
            raise forms.ValidationError(_("The sheet is larger than 5 MB."))
        return Sheet(upload.name, upload.read())

    def clean_press_links(self):
        links = [line.strip() for line in self.cleaned_data["press_links"].splitlines()]
        links = [line for line in links if line]
        validate = forms.URLField(assume_scheme="https").clean
        for line in links:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This is not a web address: %(line)s") % {"line": line[:100]}
                ) from None
        return links

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(_("Please send at most 10 photos."))
        cleaned = []
        for upload in uploads:  # one decoded at a time; each kept as JPEG bytes
            try:
                cleaned.append(clean_encoded(upload, max_bytes=MAX_BYTES))
            except UploadRejected as error:
                raise forms.ValidationError(f"{upload.name[:80]}: {error.message}") from None
        return cleaned
