import datetime
import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.contributions import kinds

REPORTS_TO_HIDE = 3  # distinct visitors reporting an item send it back to the queue


def store(data, extension="jpg"):
    """Save bytes under a random name in the default (media) storage."""
    now = timezone.now()
    name = f"contributions/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    return default_storage.save(name, ContentFile(data))


def text_fingerprint(text):
    words = "".join(c.lower() for c in text if c.isalnum())
    return hashlib.sha256(words.encode()).hexdigest() if words else ""


class Submission(models.Model):
    """One thing the public sent: an image message, a letter, a drawing …"""

    DRAFT, PENDING, APPROVED, REJECTED = "draft", "pending", "approved", "rejected"
    STATUSES = [
        (DRAFT, _("Draft")),
        (PENDING, _("Waiting for moderation")),
        (APPROVED, _("Published")),
        (REJECTED, _("Rejected")),
    ]
    GENRES = [
        ("letter", _("Letter")),
        ("essay", _("Essay")),
        ("poem", _("Poem")),
        ("drawing", _("Drawing")),
    ]
    NAME_FULL, NAME_FIRST, NAME_NONE = "full", "first", "none"
    NAME_DISPLAY = [
        (NAME_FULL, _("Show my name as I typed it")),
        (NAME_FIRST, _("Show only my first name")),
        (NAME_NONE, _("Do not show my name")),
    ]
    AGE_GROUPS = [
        ("", _("Prefer not to say")),
        ("under-12", _("Under 12")),
        ("12-15", _("12 to 15")),
        ("16-18", _("16 to 18")),
        ("adult", _("Adult")),
    ]

    kind = models.CharField(max_length=20, choices=kinds.choices)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    featured = models.BooleanField(default=False)
    genre = models.CharField(max_length=10, choices=GENRES, blank=True)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)  # plain text, sanitised; escaped when shown
    image = models.CharField(max_length=200, blank=True)  # storage name of the public picture
    card = models.CharField(max_length=200, blank=True)  # 1200×630 share card
    photo = models.CharField(max_length=200, blank=True)  # cleaned upload a draft composes from
    composition = models.JSONField(default=dict, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    name_display = models.CharField(max_length=5, choices=NAME_DISPLAY, default=NAME_FULL)
    age_group = models.CharField(max_length=10, choices=AGE_GROUPS, blank=True)
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8)
    email = models.EmailField(max_length=254, blank=True)
    for_class = models.BooleanField(default=False)
    school = models.CharField(max_length=200, blank=True)
    class_consent = models.BooleanField(default=False)
    consent_text = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    flags = models.JSONField(default=list, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    reject_reason = models.CharField(max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "kind", "-id"], name="contrib_public"),
            models.Index(fields=["status", "kind", "country", "-id"], name="contrib_country"),
            models.Index(fields=["status", "kind", "language", "-id"], name="contrib_language"),
            models.Index(fields=["status", "-report_count", "id"], name="contrib_queue"),
        ]
        permissions = [("moderate_submission", "Can moderate public submissions")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_kind_display(self):
        return str(kinds.label(self.kind))

    @property
    def public_name(self):
        name = self.author_name.strip()
        if self.name_display == self.NAME_NONE or not name:
            return ""
        if self.name_display == self.NAME_FIRST:
            return name.split()[0]
        return name

    @property
    def image_url(self):
        return default_storage.url(self.image) if self.image else ""

    @property
    def card_url(self):
        return default_storage.url(self.card) if self.card else ""

    @property
    def page_path(self):
        """Where its share page is, below a language prefix."""
        section = "image-message/gallery" if self.kind == kinds.IMAGE else "letters"
        return f"{section}/{self.pk}/"

    def files(self):
        return [name for name in (self.image, self.card, self.photo) if name]

    def erase(self):
        """Remove the submission, every file of it and our copies of mails about it."""
        from clarion.outbox.models import Mail

        names = self.files()
        Mail.forget(Mail.objects.filter(key__startswith=f"contribution:{self.pk}:"))
        self.delete()
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])

    def report(self, ip_hash, reason):
        """A visitor reports this item; enough distinct reports hide it until a
        moderator looks again. Returns False for a repeated report."""
        try:
            with transaction.atomic():
                Report.objects.create(submission=self, ip_hash=ip_hash, reason=reason)
        except IntegrityError:
            return False
        Submission.objects.filter(pk=self.pk).update(report_count=models.F("report_count") + 1)
        self.refresh_from_db()
        if self.status == self.APPROVED and self.report_count >= REPORTS_TO_HIDE:
            self.status = self.PENDING
            self.flags = sorted(set(self.flags) | {"reported"})
            self.save(update_fields=["status", "flags"])
        return True


class Report(models.Model):
    REASONS = [
        ("offensive", _("Offensive or hateful")),
        ("private", _("Shows private information")),
        ("copyright", _("Not theirs to share")),
        ("spam", _("Spam or advertising")),
        ("other", _("Something else")),
    ]
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=REASONS)
    ip_hash = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "ip_hash"], name="one_report_per_visitor")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.submission_id})"


class BannedWord(models.Model):
    """Words that make the first pass flag a submission (never reject it)."""

    word = models.CharField(max_length=100)
    language = models.CharField(
        max_length=8, blank=True, choices=settings.LANGUAGES, help_text="Empty: every language"
    )

    def __str__(self):
        return self.word


def forget_old_drafts(now=None, hours=24):
    """Image-message drafts nobody submitted are erased, with their photos, after
    a day. (Other kinds wait as drafts for their own reasons, e.g. a contest
    entry for a guardian's consent, and are erased by their app.)"""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=hours)
    old = Submission.objects.filter(
        status=Submission.DRAFT, kind=kinds.IMAGE, created_at__lt=cutoff
    )
    for submission in old.iterator():
        with transaction.atomic():
            submission.erase()
