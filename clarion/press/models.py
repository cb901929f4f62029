import datetime

from django.conf import settings
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from clarion.content.models import CampaignPage
from clarion.lib import emails
from clarion.lib.countries import country_name


def one_line(text):
    """Names go into mail headers: no line breaks or control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def too_many(model, ip_hash, now=None):
    """More messages from one network in an hour than a person sends."""
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    recent = model.objects.filter(ip_hash=ip_hash, created_at__gte=since)
    return bool(ip_hash) and recent.count() >= settings.PRESS_PER_HOUR


class PressReleasePage(CampaignPage):
    """A press release, one page per language (Wagtail's translations), under
    the press page. Before its embargo it is not listed, not in the feed,
    and its address answers 404 to anyone but editors."""

    date = models.DateField()
    place = models.CharField(max_length=200, help_text="Where the release is issued, e.g. Baku")
    embargo_until = models.DateTimeField(
        null=True, blank=True, help_text="Not public before this time (leave empty: at once)"
    )
    contact = models.TextField(
        blank=True,
        help_text="Who answers journalists (a role, not an address: the page links the "
        "press contact form)",
    )

    content_panels = CampaignPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("place"),
                FieldPanel("embargo_until"),
                FieldPanel("contact"),
            ],
            heading="Release",
        )
    ]
    parent_page_types = ["content.WayPage"]
    subpage_types = []

    class Meta:
        verbose_name = "press release"

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and getattr(parent.specific, "way", "") == "press"

    def embargoed(self, now=None):
        return bool(self.embargo_until and (now or timezone.now()) < self.embargo_until)

    @classmethod
    def released(cls, language, now=None):
        """Live releases in a language whose embargo has passed, newest first."""
        now = now or timezone.now()
        return (
            cls.objects.live()
            .filter(locale__language_code=language)
            .filter(models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now))
            .order_by("-date", "-first_published_at")
        )

    def serve(self, request, *args, **kwargs):
        if self.embargoed() and not self.permissions_for_user(request.user).can_edit():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.embargoed() else super().get_sitemap_urls(request)


class PressEnquiry(models.Model):
    """A journalist's message for the press coordinator; mailed on, kept for the
    reply, erased on request."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    email_canonical = models.CharField(max_length=254, db_index=True)
    outlet = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=5)
    message = models.TextField()
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "press enquiries"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.outlet or 'no outlet'}), {self.created_at:%Y-%m-%d}"

    @classmethod
    def receive(cls, data, *, language, ip_hash):
        """Stored and its mail to the coordinator queued, in one transaction."""
        from clarion.press import mails

        with transaction.atomic():
            enquiry = cls.objects.create(
                name=one_line(data["name"]),
                email=data["email"],
                email_canonical=emails.canonical(data["email"]),
                outlet=one_line(data.get("outlet", "")),
                country=data.get("country", ""),
                language=language,
                message=data["message"],
                ip_hash=ip_hash,
            )
            mails.queue_enquiry(enquiry)
        return enquiry


class Coverage(models.Model):
    """An article or broadcast a volunteer obtained ("Go to media"), listed
    by country once staff have checked it."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, _("Waiting for review")), (APPROVED, _("Listed")),
                (REJECTED, _("Not listed"))]  # fmt: skip
    KINDS = [
        ("article", _("Article")),
        ("interview", _("Interview")),
        ("broadcast", _("Radio or TV broadcast")),
        ("online", _("Online video or post")),
    ]
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300)
    outlet = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=KINDS, default="article")
    country = models.CharField(max_length=2)
    published_on = models.DateField()
    language = models.CharField(max_length=5, choices=[*settings.LANGUAGES, ("other", "other")])
    submitted_by = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    email_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "coverage"
        ordering = ["-published_on"]
        constraints = [models.UniqueConstraint(fields=["url"], name="coverage_once")]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    @property
    def country_name(self):
        return country_name(self.country)

    def save_reported(self, ip_hash):
        self.ip_hash = ip_hash
        self.submitted_by = one_line(self.submitted_by)
        self.email_canonical = emails.canonical(self.email) if self.email else ""
        self.save()

    @classmethod
    def by_country(cls):
        """[(country name, [coverage, newest first])], countries by name."""
        groups = {}
        for item in cls.objects.filter(status=cls.APPROVED).order_by("-published_on", "-pk"):
            groups.setdefault(item.country_name, []).append(item)
        return sorted(groups.items())
