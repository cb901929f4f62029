import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib.i18n import pick

PAGE_COUNT_SECONDS = 60


def _valid_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone.")) from None


class Target(models.Model):
    """An institution or office the campaign writes to.

    Contact channels stay empty until staff add a real, published one: the
    content pack never invents an address, and a target without any channel
    is delivered by hand.
    """

    KINDS = [
        ("head_of_state", _("Head of state")),
        ("government", _("Government")),
        ("parliament", _("Parliament")),
        ("international_organisation", _("International organisation")),
        ("office", _("Office")),
    ]
    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    names = models.JSONField(
        default=dict, blank=True, help_text='The name per language, for pages: {"fr": "…"}'
    )
    kind = models.CharField(max_length=40, choices=KINDS)
    former = models.BooleanField(
        default=False,
        help_text="No longer addressed (closed, or not one reachable body); kept for the record",
    )
    organisation = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True)
    role = models.CharField(max_length=500, blank=True)
    roles = models.JSONField(
        default=dict, blank=True, help_text='The role per language, for pages: {"fr": "…"}'
    )
    languages = models.JSONField(default=list, blank=True)
    email = models.EmailField(blank=True)
    fax = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    web_form_url = models.URLField(max_length=500, blank=True)
    source_outlet = models.CharField(max_length=200, blank=True)
    source_date = models.CharField(max_length=10, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[_valid_timezone])
    office_opens = models.PositiveSmallIntegerField(default=9, help_text="Hour, local time")
    office_closes = models.PositiveSmallIntegerField(default=17, help_text="Hour, local time")
    daily_cap = models.PositiveIntegerField(
        default=500, help_text="At most this many messages a day (0: no limit)"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.fax and not _fax_number_ok(self.fax):
            raise ValidationError({"fax": _("Write the fax number as +, country code, number.")})
        if self.office_opens >= self.office_closes or self.office_closes > 24:
            raise ValidationError({"office_closes": _("Offices must close after they open.")})

    @property
    def shown_name(self):
        """The name in the reader's language (the pack's translation), else as written."""
        return pick(self.names) or self.name

    @property
    def shown_role(self):
        """Why the campaign addresses this body, in the reader's language, else English."""
        return pick(self.roles) or self.role

    @property
    def role_texts(self):
        """The role as a {language: text} mapping, for the lang attribute."""
        return self.roles or {"en": self.role}

    @property
    def channels(self):
        found = [
            ("email", self.email),
            ("fax", self.fax),
            ("post", self.postal_address),
        ]
        found.append(("web_form", self.web_form_url))
        return [kind for kind, value in found if value]

    @property
    def manual_delivery(self):
        return not self.channels

    @property
    def electronic_channel(self):
        """How a message reaches this target without a person: email, then fax."""
        if self.email:
            return Delivery.EMAIL
        if self.fax and _fax_number_ok(self.fax):
            return Delivery.FAX
        return None

    @property
    def language(self):
        return (self.languages or ["en"])[0]

    def local_now(self, now=None):
        return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(self.time_zone or "UTC"))

    def office_open(self, now=None):
        local = self.local_now(now)
        return local.weekday() < 5 and self.office_opens <= local.hour < self.office_closes

    def next_opening(self, now=None):
        """When offices next open (local working day, office_opens o'clock)."""
        local = self.local_now(now)
        day = local.date()
        if local.hour >= self.office_opens:
            day += datetime.timedelta(days=1)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        opening = datetime.datetime.combine(day, datetime.time(self.office_opens))
        return opening.replace(tzinfo=local.tzinfo)

    def local_day_start(self, now=None):
        local = self.local_now(now)
        return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _fax_number_ok(number):
    digits = number.replace(" ", "").replace("-", "")
    return digits.startswith("+") and digits[1:].isdigit() and 7 <= len(digits) <= 17


class Petition(models.Model):
    """A message to decision makers; staff write it per language in the admin."""

    PER_SIGNATURE, DIGEST = "per_signature", "digest"
    MODES = [
        (PER_SIGNATURE, _("Each signer's message goes to each target")),
        (DIGEST, _("Signatures delivered together on a date")),
    ]
    slug = models.SlugField(max_length=80, unique=True)
    title = models.JSONField(help_text='Per language: {"en": "…", "fr": "…"}')
    text = models.JSONField(help_text="The message, per language, plain text")
    targets = models.ManyToManyField(Target, related_name="petitions")
    mode = models.CharField(max_length=20, choices=MODES, default=DIGEST)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    deliver_on = models.DateField(
        null=True, blank=True, help_text="Digest mode: the day the package goes out"
    )
    goal = models.PositiveIntegerField(default=10000)
    include_declaration = models.BooleanField(
        default=False,
        help_text="Digest: deliver every counted declaration signature, not only this petition's",
    )
    progress_every = models.PositiveIntegerField(
        default=0, help_text="Email targets a progress report every N signatures (0: never)"
    )
    progress_reported = models.PositiveIntegerField(default=0, editable=False)
    test_mode = models.BooleanField(
        default=True, help_text="Deliveries go only to the test inbox, marked as tests"
    )
    test_inbox = models.EmailField(blank=True, help_text="Defaults to PETITIONS_TEST_INBOX")
    created_at = models.DateTimeField(default=timezone.now)
    machine_translated = models.JSONField(
        default=list,
        blank=True,
        help_text="Languages whose texts were machine-made and need a human review.",
    )
    # What the content pack last wrote (clarion.petitions.pack): a petition staff
    # changed since then is theirs, and loading the pack again leaves it alone.
    pack_hash = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self):
        return pick(self.title) or self.slug

    def clean(self):
        for field in ("title", "text"):
            value = getattr(self, field)
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ValidationError({field: _('Write {"en": "text", …}.')})
        if self.mode == self.DIGEST and not self.deliver_on:
            raise ValidationError({"deliver_on": _("A digest petition needs a delivery date.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def title_in(self, language=None):
        return pick(self.title, language)

    def text_in(self, language=None):
        return pick(self.text, language)

    @property
    def inbox(self):
        return self.test_inbox or settings.PETITIONS_TEST_INBOX

    def signer_count(self):
        return self.signers.filter(status=Signer.ACTIVE).count()

    def shown_count(self):
        """For pages: a count at most a minute old, so a busy petition page does
        not count a million rows on every view."""
        key = f"petitions:count:{self.pk}"
        return cache.get_or_set(key, self.signer_count, PAGE_COUNT_SECONDS)

    def paper_count(self):
        """Signatures typed up from paper sheets, counted apart from those online."""
        return self.paper_signers.count()

    def shown_paper_count(self):
        key = f"petitions:paper:{self.pk}"
        return cache.get_or_set(key, self.paper_count, PAGE_COUNT_SECONDS)


class Signer(models.Model):
    """One person's signature on one petition, with their optional own line."""

    wagtail_reference_index_ignore = True
    PENDING, ACTIVE = "pending", "active"
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signers")
    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.CASCADE, related_name="petition_signers"
    )
    status = models.CharField(max_length=8, default=PENDING)
    line = models.TextField(blank=True)
    line_digest = models.CharField(max_length=16, blank=True, db_index=True)
    folded = models.BooleanField(default=False)
    reply_to_ok = models.BooleanField(default=False)
    # Typed into the short form with an address we already knew: only the link
    # mailed to that address (or the member's own click) may activate it.
    needs_link = models.BooleanField(default=False)
    language = models.CharField(max_length=5, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=3, blank=True)  # "yes" / "no": did they reply?
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "signature"], name="sign_once"),
        ]
        indexes = [models.Index(fields=["petition", "status"])]

    def __str__(self):
        return f"{self.signature_id} → {self.petition_id} ({self.status})"


def line_digest(line):
    """The same words, whatever the case, spacing and punctuation."""
    words = "".join(c if c.isalnum() else " " for c in line.casefold()).split()
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16] if words else ""


class Delivery(models.Model):
    """One thing to deliver to one target; `key` makes it exist once."""

    wagtail_reference_index_ignore = True
    EMAIL, FAX, POST = "email", "fax", "post"
    CHANNELS = [(EMAIL, _("Email")), (FAX, _("Fax")), (POST, _("Post or by hand"))]
    MESSAGE, DIGEST, PROGRESS = "message", "digest", "progress"
    QUEUED, SENDING, SENT, FAILED, BOUNCED = "queued", "sending", "sent", "failed", "bounced"
    STATUSES = [
        (QUEUED, _("Pending")),
        (SENDING, _("Sending")),
        (SENT, _("Delivered")),
        (FAILED, _("Failed")),
        (BOUNCED, _("Bounced")),
    ]
    key = models.CharField(max_length=120, unique=True)
    # Both are the first column of an index below: no separate index for them.
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    signer = models.ForeignKey(Signer, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=10, default=MESSAGE)
    channel = models.CharField(max_length=8, choices=CHANNELS)
    status = models.CharField(max_length=8, choices=STATUSES, default=QUEUED)
    test = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "target", "not_before"]),
            models.Index(fields=["target", "sent_at"]),
            models.Index(fields=["petition", "target", "status"]),
        ]

    def __str__(self):
        return f"{self.key} ({self.status})"

    @property
    def message_id(self):
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
        return f"<{digest}@{domain}>"


class Attempt(models.Model):
    """Every try at a delivery, kept: when, how, what the other side said."""

    wagtail_reference_index_ignore = True
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=8)
    status = models.CharField(max_length=8)
    provider_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return f"{self.delivery_id} {self.status} {self.at:%Y-%m-%d %H:%M}"


class Reply(models.Model):
    """What a target answered (or that it did not), recorded by staff."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="replies")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="replies")
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(help_text="Plain text, shown publicly when published")
    published = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "replies"

    def __str__(self):
        return f"{self.target} → {self.petition}"


class FollowUp(models.Model):
    """'Did they reply?' asked of the campaign once per petition and target."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE)
    target = models.ForeignKey(Target, on_delete=models.CASCADE)
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "target"], name="follow_up_once"),
        ]

    def __str__(self):
        return f"{self.petition} / {self.target}"


class PaperImport(models.Model):
    """One stack of typed-up paper sheets imported into a petition
    (clarion.petitions.paper), with a reason for every row not taken."""

    wagtail_reference_index_ignore = True
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="paper_imports")
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petition_sheets",
        help_text="The campaign event where people signed, if it is one of ours",
    )
    place = models.CharField(max_length=200)
    date = models.DateField()
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="Where the sheets were signed: the country chosen on import, else the "
        "rows' common country; coordinators see the imports of their area",
    )
    filename = models.CharField(max_length=200, blank=True)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.petition}: {self.place}, {self.date} ({self.imported} on paper)"


class PaperSigner(models.Model):
    """One name from a paper sheet: counted "on paper", never mailed."""

    wagtail_reference_index_ignore = True
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="paper_signers")
    batch = models.ForeignKey(PaperImport, on_delete=models.CASCADE, related_name="signers")
    sheet = models.PositiveIntegerField(null=True, blank=True)
    line = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2)
    email_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    person_key = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "person_key"], name="paper_sign_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.country}), sheet {self.sheet}"


class Handover(models.Model):
    """Signatures handed to an addressee in person: when, where, to whom."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="handovers")
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="handovers"
    )
    handed_on = models.DateField()
    place = models.CharField(max_length=200)
    received_by = models.CharField(
        max_length=300, help_text="Who received it (name and office), as they agreed to be named"
    )
    signatures = models.PositiveIntegerField(
        default=0, help_text="How many signatures were handed over"
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="handovers"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, help_text="Plain text, shown publicly")
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["-handed_on"]

    def __str__(self):
        return f"{self.petition} → {self.received_by} ({self.handed_on})"
