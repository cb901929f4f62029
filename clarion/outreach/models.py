from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

NEWS, INVITATIONS = "news", "invitations"
TOPICS = [(NEWS, _("Campaign news and milestones")), (INVITATIONS, _("Invitations to events"))]


class Newsletter(ClusterableModel):
    """One mailing: its versions (one per language), the segment it goes to,
    and where its sending stands."""

    NEWSLETTER, MILESTONE, INVITATION = "newsletter", "milestone", "invitation"
    KINDS = [
        (NEWSLETTER, pgettext_lazy("newsletter kind", "Newsletter")),
        (MILESTONE, pgettext_lazy("newsletter kind", "Milestone")),
        (INVITATION, pgettext_lazy("newsletter kind", "Invitation")),
    ]
    DRAFT, SCHEDULED, SENDING, PAUSED, SENT, CANCELLED = (
        "draft",
        "scheduled",
        "sending",
        "paused",
        "sent",
        "cancelled",
    )
    STATUSES = [
        (DRAFT, pgettext_lazy("newsletter status", "Draft")),
        (SCHEDULED, pgettext_lazy("newsletter status", "Scheduled")),
        (SENDING, pgettext_lazy("newsletter status", "Sending")),
        (PAUSED, pgettext_lazy("newsletter status", "Paused")),
        (SENT, pgettext_lazy("newsletter status", "Sent")),
        (CANCELLED, pgettext_lazy("newsletter status", "Cancelled")),
    ]

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For staff; each version has its subject.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=KINDS, default=NEWSLETTER)
    status = models.CharField(
        _("status"), max_length=10, choices=STATUSES, default=DRAFT, editable=False
    )
    send_unreviewed = models.BooleanField(
        _("send unreviewed"),
        default=False,
        help_text=_("Send machine-made versions nobody has reviewed (otherwise they are held)."),
    )
    in_archive = models.BooleanField(
        _("in archive"),
        default=True,
        help_text=_("Show the web version on /<lang>/newsletter/ once sent."),
    )
    segment = models.JSONField(default=dict, blank=True, editable=False)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("event"),
    )
    milestone = models.PositiveIntegerField(null=True, blank=True, editable=False)
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    # Bumped on every resume: batch tasks of an earlier run stop when they see it.
    run = models.PositiveIntegerField(default=0, editable=False)
    total = models.PositiveIntegerField(_("total"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("event"),
        FieldPanel("send_unreviewed"),
        FieldPanel("in_archive"),
        InlinePanel("versions", label=_("Language versions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        permissions = [("send_newsletter", "Can send newsletters to members")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "milestone"], name="one_draft_per_milestone")
        ]

    def __str__(self):
        return self.title

    @property
    def topic(self):
        return INVITATIONS if self.kind == self.INVITATION else NEWS

    @property
    def editable(self):
        return self.status in (self.DRAFT, self.SCHEDULED)

    def version_for(self, language, only_sendable=False):
        """The version in this language, else English (None if neither)."""
        versions = {v.language: v for v in self.versions.all()}
        if only_sendable:
            versions = {k: v for k, v in versions.items() if v.sendable(self)}
        return versions.get(language) or versions.get("en")

    def progress(self):
        """{status: count} of this newsletter's recipients."""
        counts = dict.fromkeys(Recipient.STATES, 0)
        rows = self.recipients.values_list("status").annotate(n=models.Count("pk"))
        counts.update(dict(rows))
        return counts


class Version(models.Model):
    """The newsletter in one language: a subject, a plain-text body (paragraphs
    separated by a blank line, links written out), from which the HTML part is made."""

    newsletter = ParentalKey(Newsletter, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. A blank line starts a paragraph; a line starting with "
            "'# ' is a heading; write links in full (https://…)."
        ),
    )
    machine_made = models.BooleanField(_("machine made"), default=False)
    reviewed = models.BooleanField(
        _("reviewed"),
        default=True,
        help_text=_("A person who reads this language has checked this version."),
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("subject"),
        FieldPanel("body"),
        FieldPanel("machine_made"),
        FieldPanel("reviewed"),
    ]

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "language"], name="one_version_per_lang")
        ]

    def __str__(self):
        return f"{self.newsletter} ({self.language})"

    def sendable(self, newsletter):
        return not self.machine_made or self.reviewed or newsletter.send_unreviewed


class Recipient(models.Model):
    """One member to mail one newsletter to. The address is read from the
    signature when the mail goes, so an erasure or an unsubscribe meanwhile wins."""

    QUEUED, SENDING, SENT, FAILED, SKIPPED = "queued", "sending", "sent", "failed", "skipped"
    STATES = [QUEUED, SENDING, SENT, FAILED, SKIPPED]

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="recipients")
    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, default=QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "signature"], name="mail_member_once")
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self):
        return f"{self.newsletter_id} → {self.signature_id} ({self.status})"


class OptOut(models.Model):
    """A member who stopped one topic (news, invitations) with one click."""

    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(max_length=12, choices=TOPICS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signature", "topic"], name="optout_once")]

    def __str__(self):
        return f"{self.signature_id} stopped {self.topic}"


class Suppression(models.Model):
    """An address no campaign mail goes to: a hard bounce, a complaint, or soft
    bounces past the limit (fed by the provider's webhooks)."""

    HARD, SOFT, COMPLAINT, MANUAL = "bounced", "soft", "complained", "manual"
    REASONS = [(HARD, _("Hard bounce")), (SOFT, _("Soft bounces")), (COMPLAINT, _("Complaint")),
               (MANUAL, _("Added by staff"))]  # fmt: skip

    address = models.CharField(max_length=254, unique=True, help_text=_("Canonical address"))
    reason = models.CharField(max_length=12, choices=REASONS)
    soft_bounces = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    provider = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.address} ({self.reason})"
