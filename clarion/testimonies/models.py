from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.contributions.models import Submission, store, text_fingerprint
from clarion.lib.countries import country_name


class Testimony(models.Model):
    """A supporter's recording or link (public once its Submission is approved in
    the one moderation queue), or a survivor's testimony that staff add from a
    published source (public once marked published)."""

    KIND = "testimony"
    VIDEO, AUDIO, LINK, TEXT = "video", "audio", "link", "text"
    MEDIA = [(VIDEO, _("Video")), (AUDIO, _("Sound recording")), (LINK, _("Link to a video")),
             (TEXT, _("Written testimony"))]  # fmt: skip

    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="testimony",
        editable=False,
    )
    medium = models.CharField(max_length=5, choices=MEDIA, default=TEXT)
    media = models.CharField(max_length=200, blank=True, editable=False)  # storage name
    seconds = models.PositiveIntegerField(default=0, editable=False)
    link = models.URLField(
        max_length=500, blank=True, help_text="Shown as a plain link, never embedded"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="Transcript or summary, plain text")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    speaker = models.CharField(
        max_length=200, blank=True, help_text="Published sources: the name as the source gives it"
    )
    country = models.CharField(max_length=2, blank=True)
    source_outlet = models.CharField(max_length=200, blank=True)
    source_date = models.CharField(max_length=10, blank=True)
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    published = models.BooleanField(
        default=False, help_text="Testimonies from published sources: show in the gallery"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "testimonies"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["language", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def media_url(self):
        return default_storage.url(self.media) if self.media else ""

    @property
    def shown_name(self):
        return self.submission.public_name if self.submission_id else self.speaker

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def from_source(self):
        return self.submission_id is None

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.from_source and not (self.source_outlet and self.source_date):
            raise ValidationError(
                {"source_outlet": "A testimony added by staff needs its published source."}
            )

    @classmethod
    def public(cls, language):
        shown = Q(submission__status=Submission.APPROVED) | Q(
            submission__isnull=True, published=True
        )
        return cls.objects.filter(shown, language=language).select_related("submission")

    @classmethod
    def receive(cls, data, *, consent_text, ip_hash):
        """A supporter's testimony, into the moderation queue with its receipt mail."""
        from clarion.contributions import moderation, submitting

        recording = data.get("recording")
        with transaction.atomic():
            submission = Submission(kind=cls.KIND, ip_hash=ip_hash, consent_text=consent_text)
            for field, value in submitting.author_values(data).items():
                setattr(submission, field, value)
            submission.title, submission.text = data["title"], data["summary"]
            submission.language = data["language"]
            submission.fingerprint = text_fingerprint(submission.text)
            submission.flags = moderation.first_pass(submission)
            submission.save()
            testimony = cls(
                submission=submission, title=data["title"], summary=data["summary"],
                language=data["language"], country=data["country"], link=data.get("link", ""),
                medium=recording.kind if recording else cls.LINK,
            )  # fmt: skip
            if recording:
                testimony.media = store(recording.data, recording.extension)
                testimony.seconds = round(recording.seconds)
            testimony.save()
            submitting.queue_receipt(submission)
        return testimony


def delete_media(sender, instance, **kwargs):
    """The recording goes with its row (an erased or rejected-and-deleted testimony)."""
    if instance.media:
        name = instance.media
        transaction.on_commit(lambda: default_storage.delete(name))


def _mine(canonical):
    return Testimony.objects.filter(submission__email__iexact=canonical).select_related(
        "submission"
    )


def export(canonical):
    if not canonical:
        return []
    return [
        {
            "title": t.title,
            "summary": t.summary,
            "language": t.language,
            "medium": t.medium,
            "link": t.link,
            "recording": t.media_url,
            "status": t.submission.status,
            "name": t.submission.author_name,
            "sent_at": t.created_at.isoformat(),
        }  # fmt: skip
        for t in _mine(canonical)
    ]


def erase(canonical):
    if not canonical:
        return 0
    found = list(_mine(canonical))
    for testimony in found:
        testimony.submission.erase()
    return len(found)
