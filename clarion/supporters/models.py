import hashlib

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib.countries import country_name
from clarion.speedups import bulk

_consent_ids = {}


class ConsentText(models.Model):
    """The exact wording a person agreed to, kept so we can show what they saw."""

    SIGNATURE, NEWS = "signature", "news"
    purpose = models.CharField(max_length=20)
    language = models.CharField(max_length=5)
    version = models.PositiveIntegerField()
    text = models.TextField()
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "language", "digest"], name="consent_once"),
        ]

    def __str__(self):
        return f"{self.purpose} v{self.version} ({self.language})"

    @classmethod
    def record(cls, purpose, language, text):
        """The row for this exact wording, created on first use; remembered in
        memory once it is committed (a row from a transaction that rolls back
        must not be handed to later signatures)."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        key = (purpose, language, digest)
        if key in _consent_ids:
            return _consent_ids[key]
        obj = cls.objects.filter(purpose=purpose, language=language, digest=digest).first()
        if obj is None:
            version = cls.objects.filter(purpose=purpose, language=language).count() + 1
            obj, _created = cls.objects.get_or_create(
                purpose=purpose,
                language=language,
                digest=digest,
                defaults={"text": text, "version": version},
            )
        transaction.on_commit(lambda: _consent_ids.setdefault(key, obj))
        return obj


class Signature(models.Model):
    # Signatures reference nothing editors manage; indexing them would add a
    # task row to every signature.
    wagtail_reference_index_ignore = True

    PERSON, ORGANISATION = "person", "organisation"
    KINDS = [(PERSON, _("Person")), (ORGANISATION, _("Organisation"))]
    PENDING, CONFIRMED, FRAUDULENT, INVALIDATED, ERASED = (
        "pending",
        "confirmed",
        "fraudulent",
        "invalidated",
        "erased",
    )
    STATUSES = [
        (PENDING, _("Waiting for confirmation")),
        (CONFIRMED, _("Confirmed")),
        (FRAUDULENT, _("Fraudulent")),
        (INVALIDATED, _("Invalidated")),
        (ERASED, _("Erased")),
    ]
    ONLINE, PAPER = "online", "paper"
    ORG_TYPES = [
        ("ngo", _("Non-governmental organisation")),
        ("school", _("School or university")),
        ("community", _("Community or diaspora association")),
        ("media", _("Media")),
        ("business", _("Company")),
        ("public", _("Public body")),
        ("religious", _("Religious organisation")),
        ("other", _("Other")),
    ]

    kind = models.CharField(max_length=12, choices=KINDS, default=PERSON)
    status = models.CharField(max_length=12, choices=STATUSES, default=PENDING)
    source = models.CharField(max_length=8, default=ONLINE)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    email_canonical = models.CharField(max_length=254, null=True, blank=True, unique=True)
    email_domain = models.CharField(max_length=253, blank=True)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=100, blank=True)
    organisation_type = models.CharField(max_length=20, choices=ORG_TYPES, blank=True)
    website = models.URLField(max_length=300, blank=True)
    contact_person = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=5, default="en")
    show_on_wall = models.BooleanField(default=False)
    wants_news = models.BooleanField(default=False)
    consent = models.ForeignKey(ConsentText, on_delete=models.PROTECT, null=True, related_name="+")
    news_consent = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    news_consent_at = models.DateTimeField(null=True, blank=True)
    quarantined = models.BooleanField(default=False)
    quarantine_reason = models.CharField(max_length=100, blank=True)
    invalid_reason = models.CharField(max_length=300, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    paper_batch = models.ForeignKey(
        "PaperBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [
            ("export_signatures", "Can export signatures with contact details"),
            ("review_abuse", "Can review and invalidate suspicious signatures"),
            ("import_paper", "Can import paper signature sheets"),
        ]
        indexes = [
            models.Index(fields=["ip_hash", "created_at"]),
            models.Index(fields=["email_domain", "created_at"]),
            models.Index(fields=["created_at"]),
            # The admin scoped by area (clarion.network): a country's newest first.
            models.Index(fields=["country", "-created_at"], name="signature_country_recent"),
            models.Index(fields=["status", "created_at"]),
            # The wall: equality on the first three, newest first by id.
            models.Index(fields=["status", "show_on_wall", "quarantined", "-id"], name="wall"),
        ]

    def __str__(self):
        return f"{self.name} ({self.country}, {self.status})"

    @classmethod
    def insert_new(cls, signatures):
        """Insert many new signatures at once; a mailbox that signed before (or
        twice in the list) is skipped. Sets the pk of each one stored and
        returns, per signature, whether it was stored."""
        return bulk.insert(cls, signatures, skip_conflicts_on="email_canonical")

    @classmethod
    def news_recipients(cls, country=None):
        """Who may receive newsletters and event invitations: confirmed, opted in."""
        found = cls.objects.filter(status=cls.CONFIRMED, wants_news=True, quarantined=False)
        return found.filter(country=country) if country else found

    @property
    def counts(self):
        """Whether this signature is in the public totals."""
        return self.status == self.CONFIRMED and not self.quarantined

    @property
    def wall_name(self):
        """First name only for people; the full name for organisations."""
        if self.kind == self.ORGANISATION:
            return self.name
        return self.name.split()[0] if self.name.split() else ""

    @property
    def country_name(self):
        return country_name(self.country)

    def as_export(self):
        """Everything we hold about this person, for 'download my data'."""
        fields = [
            "kind", "status", "name", "email", "country", "city", "organisation_type",
            "website", "contact_person", "language", "show_on_wall", "wants_news",
            "created_at", "confirmed_at", "news_consent_at",
        ]  # fmt: skip
        data = {field: getattr(self, field) for field in fields}
        data["consent"] = self.consent.text if self.consent else None
        data["consent_language"] = self.consent.language if self.consent else None
        data["news_consent"] = self.news_consent.text if self.news_consent else None
        data["ip_address"] = "not stored (only a keyed hash that changes daily)"
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


class CountEvent(models.Model):
    """+1/-1 changes to the public totals, folded into Tally rows in batches.

    Writing an event row per change (instead of updating one counter row)
    keeps hot writers from queueing on a single row.
    """

    kind = models.CharField(max_length=12)
    source = models.CharField(max_length=8)
    country = models.CharField(max_length=2, blank=True)
    delta = models.IntegerField()

    def __str__(self):
        return f"{self.delta:+d} {self.kind}/{self.source}/{self.country}"


class Tally(models.Model):
    """Folded totals, one row per (kind, source, country)."""

    kind = models.CharField(max_length=12)
    source = models.CharField(max_length=8)
    country = models.CharField(max_length=2, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "source", "country"], name="tally_key"),
        ]

    def __str__(self):
        return f"{self.kind}/{self.source}/{self.country}: {self.count}"


class PaperBatch(models.Model):
    """One imported sheet (or stack of sheets) from a street event."""

    wagtail_reference_index_ignore = True

    place = models.CharField(max_length=200, help_text="Event or place where people signed")
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paper_batches",
        help_text="The campaign event the sheets come from, if it is one of ours",
    )
    date = models.DateField()
    country = models.CharField(max_length=2, blank=True, help_text="Default country for rows")
    filename = models.CharField(max_length=200, blank=True)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    without_email = models.PositiveIntegerField(default=0)
    without_email_by_country = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name_plural = "paper batches"

    def __str__(self):
        return f"{self.place}, {self.date} ({self.imported + self.without_email} counted)"


class DataRequest(models.Model):
    """A 'download or erase my data' link mailed to someone who never signed
    (clarion.supporters.privacy). The link carries only this row's signed id,
    so no address ends up in URLs, server logs or browser history; the row
    goes when the link expires or the person erases their data."""

    email_canonical = models.CharField(max_length=254, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"data request {self.pk}"


def forget_consent_texts():
    _consent_ids.clear()
