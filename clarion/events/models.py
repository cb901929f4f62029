import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib import activities
from clarion.lib.countries import country_name


class Event(models.Model):
    """One event: proposed by an organiser, or derived from a news item of the pack."""

    wagtail_reference_index_ignore = True

    TYPES = [*activities.EVENT_TYPES, activities.OTHER]
    UNCONFIRMED, NEW, APPROVED, CHANGES, REJECTED, CANCELLED = (
        "unconfirmed",
        "new",
        "approved",
        "changes",
        "rejected",
        "cancelled",
    )
    STATUSES = [
        (UNCONFIRMED, _("Waiting for the organiser's email confirmation")),
        (NEW, _("Waiting for review")),
        (APPROVED, _("Approved")),
        (CHANGES, _("Needs changes")),
        (REJECTED, _("Rejected")),
        (CANCELLED, _("Cancelled")),
    ]
    PROPOSED, NEWS = "proposed", "news"

    type = models.CharField(max_length=20, choices=TYPES)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=STATUSES, default=UNCONFIRMED)
    source = models.CharField(max_length=10, default=PROPOSED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    online_url = models.URLField(max_length=300, blank=True)
    expected_audience = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=5, default="en")
    accessibility = models.TextField(blank=True)
    organiser_name = models.CharField(max_length=200, blank=True)
    organiser_email = models.EmailField(max_length=254, blank=True)
    organiser_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    organiser_language = models.CharField(max_length=5, default="en")
    help_wanted = models.JSONField(default=list, blank=True)
    shipping_address = models.TextField(blank=True)
    moderation_message = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    news_page = models.ForeignKey(
        "content.NewsItemPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For past events from the news archive: the news item they link to",
    )
    ip_hash = models.CharField(max_length=32, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Covers the calendar: the page of rows and the per-country counts.
            models.Index(fields=["status", "starts_at", "ends_at", "country"], name="calendar"),
            models.Index(fields=["status", "country", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="ends"),
            models.UniqueConstraint(
                fields=["news_page"], condition=Q(news_page__isnull=False), name="one_per_news"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.city or self.online_url}, {self.starts_at:%Y-%m-%d})"

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def date(self):
        """The local day it starts (the home page sorts by this)."""
        return self.local_start.date()

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_public(self):
        return self.status == self.APPROVED

    @property
    def country_name(self):
        return country_name(self.country) if self.country else ""

    @property
    def type_label(self):
        return dict(self.TYPES).get(self.type, self.type)

    def url_in(self, language):
        if self.news_page_id:
            return f"/{language}/news/{self.news_page.slug}/"
        return f"/{language}/events/{self.pk}/"

    def going_count(self):
        return self.rsvps.filter(status=RSVP.GOING).count()


class Material(models.Model):
    """Something the campaign sends to organisers; stock never goes below zero."""

    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    stock = models.PositiveIntegerField(default=0)
    unit = models.CharField(max_length=30, default="pieces")
    printable = models.CharField(
        max_length=20, blank=True, help_text="poster or booklet: offered as a print-ready PDF"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(stock__gte=0), name="stock_not_negative")]

    def __str__(self):
        return f"{self.name} ({self.stock} {self.unit})"


class SupportItem(models.Model):
    """A support request line, fulfilled step by step."""

    REQUESTED, APPROVED, SHIPPED, RECEIVED, DECLINED = (
        "requested",
        "approved",
        "shipped",
        "received",
        "declined",
    )
    STATUSES = [(s, s) for s in (REQUESTED, APPROVED, SHIPPED, RECEIVED, DECLINED)]
    NEXT = {REQUESTED: (APPROVED, DECLINED), APPROVED: (SHIPPED,), SHIPPED: (RECEIVED,)}

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="support_items")
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=STATUSES, default=REQUESTED)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.quantity} × {self.material.name} for {self.event_id} ({self.status})"


class RSVP(models.Model):
    wagtail_reference_index_ignore = True

    GOING, WAITING, CANCELLED = "going", "waiting", "cancelled"
    STATUSES = [(GOING, _("Going")), (WAITING, _("Waiting list")), (CANCELLED, _("Cancelled"))]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    # None once erased or anonymised: the row stays, so counts keep their history.
    email_canonical = models.CharField(max_length=254, null=True, blank=True)
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=10, choices=STATUSES, default=GOING)
    consent_text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "email_canonical"], name="rsvp_once"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} → {self.event_id} ({self.status})"


class Invitation(models.Model):
    """One opted-in member to invite to one event; mailed in throttled batches."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "signature"], name="invite_once"),
        ]
        indexes = [models.Index(fields=["sent_at", "id"])]

    def __str__(self):
        return f"Invitation {self.signature_id} → {self.event_id}"


class Report(models.Model):
    """What the organiser tells us after the event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="report")
    attendance = models.PositiveIntegerField()
    paper_signatures = models.PositiveIntegerField(default=0)
    sheet_name = models.CharField(max_length=200, blank=True)
    sheet_data = models.BinaryField(blank=True, default=b"", editable=False)
    paper_batch = models.ForeignKey(
        "supporters.PaperBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    press_links = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    news_page = models.ForeignKey(
        "content.NewsItemPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Report on {self.event}"

    @property
    def press_list(self):
        return [line.strip() for line in self.press_links.splitlines() if line.strip()]


class Photo(models.Model):
    """A photo from a report: checked on upload, public only once approved in the
    one moderation queue, where it waits as a contributions Submission."""

    KIND = "event-photo"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    submission = models.OneToOneField(
        "contributions.Submission", on_delete=models.CASCADE, related_name="event_photo"
    )
    image = models.FileField(upload_to="events/photos/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Photo {self.pk} of {self.report.event}"

    @property
    def status(self):
        return self.submission.status
