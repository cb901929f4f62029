from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clarion.lib.countries import country_name
from clarion.lib.i18n import pick

ADULT_AGE = 18
PLACES = 3  # winners shown per category


def _per_language(value):
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(_('Write {"en": "text", …}.'))


RESERVED_SLUGS = {"guardian"}


class Contest(models.Model):
    """A drawing contest or an art prize. Entries come in while it is open; the
    jury scores until judging closes (each juror sees only their own scores
    until then); staff then publish the results."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.JSONField(validators=[_per_language], help_text='{"en": "…", "ar": "…"}')
    rules = models.JSONField(validators=[_per_language], help_text="Rules per language, plain text")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text="No entries after this time")
    judging_closes_at = models.DateTimeField(help_text="Scores are final (and visible) after")
    results_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self):
        return pick(self.title) or self.slug

    def clean(self):
        if self.slug in RESERVED_SLUGS:  # contests/guardian/… is the guardians' link
            raise ValidationError({"slug": _("This name is reserved; choose another.")})
        if not self.opens_at < self.closes_at <= self.judging_closes_at:
            raise ValidationError(_("Dates: opens, then closes, then judging closes."))

    def title_in(self, language=None):
        return pick(self.title, language)

    def rules_in(self, language=None):
        return pick(self.rules, language)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def judging(self, now=None):
        now = now or timezone.now()
        return self.closes_at <= now < self.judging_closes_at

    def judging_closed(self, now=None):
        return (now or timezone.now()) >= self.judging_closes_at

    @property
    def results_public(self):
        return self.results_published and self.judging_closed()

    def winners(self):
        """{category: [(place, entry, average score)]}: the best accepted entries
        by their average score, ties broken by more scores, then earlier entry."""
        found = {}
        ranked = (
            Entry.objects.eligible()
            .filter(contest=self)
            .annotate(average=Avg("scores__value"), n=Count("scores"))
            .filter(n__gt=0)
            .select_related("category")
            .order_by("category__order", "category_id", "-average", "-n", "pk")
        )
        for entry in ranked:
            places = found.setdefault(entry.category, [])
            if len(places) < PLACES:
                places.append((len(places) + 1, entry, round(entry.average, 2)))
        return found


class Category(models.Model):
    """An age group or a medium, with its own jurors."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.JSONField(validators=[_per_language], help_text='{"en": "Under 12", …}')
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contest", "order", "pk"]
        verbose_name_plural = "categories"

    def __str__(self):
        return f"{self.contest}: {pick(self.name)}"

    def name_in(self, language=None):
        return pick(self.name, language)

    def fits(self, age):
        if self.min_age is None and self.max_age is None:
            return True
        if age is None:
            return False
        return (self.min_age or 0) <= age <= (self.max_age if self.max_age is not None else 200)


class EntryQuerySet(models.QuerySet):
    def eligible(self):
        """Entries approved in the one moderation queue whose artist is an adult
        or whose parent or guardian has confirmed by the mailed link: only
        these reach the jury, the results and the exhibitions."""
        from clarion.contributions.models import Submission

        consented = (
            Q(age__isnull=True) | Q(age__gte=ADULT_AGE) | Q(guardian_confirmed_at__isnull=False)
        )
        return self.filter(consented, submission__status=Submission.APPROVED)


class Entry(models.Model):
    """One work sent to a contest. It waits in the one moderation queue as a
    contributions Submission (a minor's only once a parent or guardian has
    confirmed by mail). The author's name stays private; the chosen display
    name is what results and exhibitions show."""

    wagtail_reference_index_ignore = True
    KIND = "contest-entry"
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    submission = models.OneToOneField(
        "contributions.Submission",
        on_delete=models.CASCADE,
        related_name="contest_entry",
        editable=False,
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    image = models.CharField(max_length=200)  # storage name of the checked, re-encoded picture
    thumbnail = models.CharField(max_length=200, blank=True, editable=False)
    thumbnail_width = models.PositiveSmallIntegerField(default=0, editable=False)
    thumbnail_height = models.PositiveSmallIntegerField(default=0, editable=False)
    author_name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=100)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=8)
    email = models.EmailField(max_length=254)
    email_canonical = models.CharField(max_length=254, db_index=True)
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_email = models.EmailField(max_length=254, blank=True)
    guardian_canonical = models.CharField(max_length=254, blank=True, db_index=True)
    guardian_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    consent_text = models.TextField()
    guardian_consent_text = models.TextField(blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["contest", "category", "id"])]

    def __str__(self):
        return f"{self.title} ({self.display_name})"

    @property
    def image_url(self):
        return default_storage.url(self.image) if self.image else ""

    @property
    def thumbnail_url(self):
        return default_storage.url(self.thumbnail) if self.thumbnail else self.image_url

    @property
    def minor(self):
        return self.age is not None and self.age < ADULT_AGE

    @property
    def awaiting_guardian(self):
        return self.minor and self.guardian_confirmed_at is None

    def moderation(self):
        """Where it stands, for the admin's list."""
        if self.awaiting_guardian:
            return "Waiting for the guardian's consent"
        return self.submission.get_status_display()

    @property
    def country_name(self):
        return country_name(self.country)


def delete_pictures(sender, instance, **kwargs):
    """The pictures go with the entry (erased, or its submission erased)."""
    names = [name for name in (instance.image, instance.thumbnail) if name]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


models.signals.post_delete.connect(delete_pictures, sender=Entry, dispatch_uid="contest-pictures")


class Juror(models.Model):
    """A staff account on a contest's jury, for some of its categories."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    categories = models.ManyToManyField(Category, related_name="jurors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="juror_once")]

    def __str__(self):
        return f"{self.user} on {self.contest}"


class Score(models.Model):
    """One juror's mark (1–10) for one entry; a juror changes it until judging closes."""

    wagtail_reference_index_ignore = True
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "juror"], name="score_once")]

    def __str__(self):
        return f"{self.juror}: {self.value} for {self.entry_id}"


class Exhibition(models.Model):
    """A physical exhibition: where, when, which works; linked to its event."""

    contest = models.ForeignKey(
        Contest, on_delete=models.SET_NULL, null=True, blank=True, related_name="exhibitions"
    )
    title = models.JSONField(validators=[_per_language], help_text='{"en": "…", …}')
    place = models.CharField(max_length=200)
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="exhibitions"
    )
    works = models.ManyToManyField(Entry, blank=True, related_name="exhibitions")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return pick(self.title)

    def title_in(self, language=None):
        return pick(self.title, language)

    def clean(self):
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    @property
    def country_name(self):
        return country_name(self.country)
