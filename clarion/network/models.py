from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib.countries import COUNTRY_CODES


class Area(models.Model):
    """Where a coordinator acts: the whole world, a named group of countries,
    one country, or one city of a country."""

    GLOBAL, REGION, COUNTRY, CITY = "global", "region", "country", "city"
    LEVELS = [(GLOBAL, "Global"), (REGION, "Region"), (COUNTRY, "Country"), (CITY, "City")]

    level = models.CharField(max_length=10, choices=LEVELS)
    name = models.CharField(max_length=120, help_text="As the public directory shows it")
    countries = models.CharField(
        max_length=800,
        blank=True,
        help_text="ISO codes, comma-separated: a region's countries, or the one country "
        "of a country or a city; empty for the global level",
    )
    city = models.CharField(max_length=120, blank=True, help_text="For the city level only")

    class Meta:
        ordering = ["level", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_level_display().lower()})"

    def country_list(self):
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        codes = self.country_list()
        unknown = [c for c in codes if c not in COUNTRY_CODES]
        if unknown:
            raise ValidationError({"countries": f"Unknown country codes: {', '.join(unknown)}"})
        if self.level == self.GLOBAL and codes:
            raise ValidationError({"countries": "The global level has no countries."})
        if self.level == self.REGION and len(codes) < 2:
            raise ValidationError({"countries": "A region groups two countries or more."})
        if self.level in (self.COUNTRY, self.CITY) and len(codes) != 1:
            raise ValidationError({"countries": "Give exactly one country."})
        if (self.level == self.CITY) != bool(self.city.strip()):
            raise ValidationError({"city": "A city, for the city level only."})
        self.countries = ",".join(codes)

    def covers(self, country, city=""):
        """Whether something in this country (and city) lies in the area."""
        if self.level == self.GLOBAL:
            return True
        if (country or "").upper() not in self.country_list():
            return False
        return self.level != self.CITY or (city or "").strip().casefold() == self.city.casefold()

    def q(self, country_field="country", city_field="city"):
        """The same test as a filter; a model without a city field gets no city test."""
        if self.level == self.GLOBAL:
            return Q()
        where = Q(**{f"{country_field}__in": self.country_list()})
        if self.level == self.CITY:
            if city_field is None:
                return Q(pk__in=[])
            where &= Q(**{f"{city_field}__iexact": self.city})
        return where


class Role(models.Model):
    """A staff account's area: it sees and acts only within the areas of its
    roles (clarion.network.scoping); staff without a role see nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="roles")
    listed = models.BooleanField(
        default=True, help_text="Reachable through the public coordinators directory"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="one_role_per_area")]

    def __str__(self):
        return f"{self.user} — {self.area}"


class Volunteer(models.Model):
    """Someone who offered help (/<lang>/volunteer/); active once they opened
    the link mailed to them. One row per mailbox (canonical address)."""

    SKILLS = [
        ("translation", _("Translation")),
        ("design", _("Design")),
        ("events", _("Events")),
        ("media", _("Media")),
        ("schools", _("Schools")),
        ("legal", _("Legal")),
        ("social", _("Social media")),
        ("printing", _("Printing")),
    ]
    PENDING, ACTIVE, LEFT = "pending", "active", "left"
    STATUSES = [(PENDING, "Waiting for confirmation"), (ACTIVE, "Active"), (LEFT, "Left")]

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    email_canonical = models.CharField(max_length=254, null=True, blank=True, unique=True)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=100, blank=True)
    languages = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    consent = models.ForeignKey(
        "supporters.ConsentText", on_delete=models.PROTECT, null=True, related_name="+"
    )
    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["country", "status"])]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def skill_labels(self):
        names = dict(self.SKILLS)
        return [str(names.get(s, s)) for s in self.skills]


class Assignment(models.Model):
    """A task (often an event) a coordinator gave a volunteer, and what they did."""

    OFFERED, ACCEPTED, DECLINED, DONE = "offered", "accepted", "declined", "done"
    STATUSES = [(OFFERED, "Offered"), (ACCEPTED, "Accepted"), (DECLINED, "Declined"),
                (DONE, "Done")]  # fmt: skip

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=OFFERED)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    responded_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(blank=True, help_text="What was done")
    hours = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.task} — {self.volunteer.name}"


class Message(models.Model):
    """A coordinator's mail to the volunteers of their area (queued in the outbox)."""

    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.subject


class Certificate(models.Model):
    """A certificate for taking part, checked by anyone at
    /<lang>/certificates/verify/ with its number (not guessable, not sequential)."""

    MEMBER, ORGANISATION, VOLUNTEER, ORGANISER, SCHOOL = (
        "member", "organisation", "volunteer", "organiser", "school",
    )  # fmt: skip
    KINDS = [
        (MEMBER, _("Member of the campaign")),
        (ORGANISATION, _("Member organisation of the campaign")),
        (VOLUNTEER, _("Volunteer of the campaign")),
        (ORGANISER, _("Organiser of a campaign event")),
        (SCHOOL, _("School class that took part in the campaign")),
    ]

    number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=15, choices=KINDS)
    holder = models.CharField(max_length=200)
    language = models.CharField(max_length=5, default="en")
    issued_on = models.DateField()
    # What it was given for: one of these, so it is issued once per reason.
    source = models.CharField(max_length=60, unique=True, help_text="e.g. volunteer:12")
    email = models.EmailField(max_length=254, blank=True)
    # The holder's mailbox, canonical: "download my data" and erase find it.
    email_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.number} — {self.holder}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def kind_label(self):
        return dict(self.KINDS).get(self.kind, self.kind)


class Application(models.Model):
    """A volunteer asks to coordinate a city, a country or a region; someone at
    a higher level over that place decides (clarion.network.applying)."""

    WAITING, APPROVED, REJECTED = "waiting", "approved", "rejected"
    STATUSES = [(WAITING, "Waiting"), (APPROVED, "Approved"), (REJECTED, "Rejected")]
    LEVELS = [(Area.CITY, _("A city")), (Area.COUNTRY, _("My country"))]

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="applications")
    level = models.CharField(max_length=10, choices=LEVELS)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=100, blank=True)
    motivation = models.TextField()
    status = models.CharField(max_length=10, choices=STATUSES, default=WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.volunteer.name}: {self.level} {self.city or self.country}"


class SchoolClass(models.Model):
    """A class a teacher registered at /<lang>/schools/. Pupils stay anonymous:
    only their number and age group are kept, never a name."""

    AGE_GROUPS = [
        ("under-12", _("Under 12")),
        ("12-15", _("12 to 15")),
        ("16-18", _("16 to 18")),
    ]
    PENDING, ACTIVE = "pending", "active"
    STATUSES = [(PENDING, "Waiting for confirmation"), (ACTIVE, "Active")]

    school = models.CharField(max_length=200)
    class_name = models.CharField(max_length=60, blank=True)
    town = models.CharField(max_length=100)
    country = models.CharField(max_length=2)
    age_group = models.CharField(max_length=10, choices=AGE_GROUPS)
    pupils = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    email = models.EmailField(max_length=254, help_text="The teacher's; never shown")
    email_canonical = models.CharField(max_length=254, db_index=True)
    consent_text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    works = models.ManyToManyField("contributions.Submission", blank=True, related_name="+")
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "school classes"
        indexes = [models.Index(fields=["country", "status"])]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """How the class signs its work and its certificate: school, class, town."""
        parts = [self.school, self.class_name, self.town]
        return ", ".join(p for p in parts if p)


class Partner(models.Model):
    """An organisation that asked to be shown on /<lang>/partners/ (with its
    consent, its wording kept); listed once staff of its area publish it."""

    PARTNER, SUPPORTER = "partner", "supporter"
    KINDS = [(PARTNER, _("Partner")), (SUPPORTER, _("Supporter"))]

    kind = models.CharField(max_length=10, choices=KINDS, default=SUPPORTER)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    link = models.URLField(
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The organisation's website (http or https only)",
    )
    logo = models.FileField(upload_to="partners/", blank=True, editable=False)
    logo_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    email = models.EmailField(max_length=254, blank=True, help_text="Who asked; never shown")
    email_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    language = models.CharField(max_length=5, default="en")
    consent = models.ForeignKey(
        "supporters.ConsentText", on_delete=models.PROTECT, null=True, related_name="+"
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    signature = models.ForeignKey(
        "supporters.Signature",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation's signature of the declaration (same mailbox), if any",
    )
    published = models.BooleanField(default=False, help_text="Shown on the partners page")
    published_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["published", "kind", "country"])]

    def __str__(self):
        return f"{self.name} ({self.country})"
