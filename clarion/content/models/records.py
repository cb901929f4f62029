"""Reference data of a campaign: facts, recognitions, resources, the memorial.

Texts that are translated are {language: text} mappings (see clarion.lib.i18n);
every figure and every recognition carries its source.
"""

import time

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from clarion.lib.i18n import pick


class Sourced(models.Model):
    """Who published a figure or a fact, and when (as precisely as known)."""

    source_outlet = models.CharField(_("source"), max_length=200)
    source_date = models.CharField(
        _("source date"), max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    source_title = models.CharField(max_length=300, blank=True)
    source_headline = models.BooleanField(
        default=False,
        help_text="The title is the source's own headline (quoted), not our description",
    )
    source_url = models.URLField(max_length=500, blank=True)

    class Meta:
        abstract = True


class PackItem(models.Model):
    """A row that a content pack owns, found again by its key on every load."""

    key = models.SlugField(max_length=120, unique=True)
    # Set by the loader: a row the pack made goes when the pack drops its key;
    # one staff made is never touched.
    from_pack = models.BooleanField(default=False, editable=False)
    machine_translated = models.JSONField(
        default=list,
        blank=True,
        help_text="Languages whose texts were machine-made and need a human review.",
    )

    class Meta:
        abstract = True


# What a source is, so that readers can weigh it (the pack's `outlets`).
OUTLET_KINDS = {
    "state_news_agency": _("state news agency"),
    "news_agency": _("news agency"),
    "newspaper": _("newspaper"),
    "news_website": _("news website"),
    "campaign_body": _("the campaign or a body that runs it"),
    "event_organiser": _("organiser of an event"),
    "court": _("court"),
}

CURRENT_TTL = 10.0
_current = {"at": 0.0, "campaign": None}


class Campaign(models.Model):
    """The campaign a content pack describes; one row per pack."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.JSONField(default=dict)
    tagline = models.JSONField(default=dict)
    statement = models.JSONField(default=dict)
    goal = models.JSONField(default=dict)
    declaration_title = models.JSONField(default=dict)
    declaration_text = models.JSONField(default=dict)
    consent = models.JSONField(default=dict)
    launched = models.DateField(null=True, blank=True)
    initiator = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    target_signatures = models.PositiveIntegerField(default=1_000_000)
    hashtags = models.JSONField(default=list, blank=True)
    sites = models.JSONField(default=list, blank=True)
    ways = models.JSONField(default=list, blank=True)
    outlets = models.JSONField(
        default=list, blank=True, help_text='Who the sources are: [{"name", "kind", "country"}]'
    )
    machine_translated = models.JSONField(default=list, blank=True)

    def __str__(self):
        return pick(self.name)

    @classmethod
    def current(cls):
        """The campaign, kept in memory for a few seconds: it is read on every
        page and every signature, and changes only when staff edit it."""
        now = time.monotonic()
        if now - _current["at"] > CURRENT_TTL:
            _current.update(at=now, campaign=cls.objects.order_by("pk").first())
        return _current["campaign"]

    @classmethod
    def forget_current(cls, **kwargs):
        _current["at"] = 0.0

    def outlet_list(self):
        """(name, what it is, country code) for each source outlet, by name."""
        return [
            (o["name"], OUTLET_KINDS.get(o.get("kind"), ""), o.get("country", ""))
            for o in sorted(self.outlets, key=lambda o: o["name"].casefold())
        ]

    def declaration_paragraphs(self):
        return [p.strip() for p in pick(self.declaration_text).split("\n\n") if p.strip()]


class Fact(PackItem):
    TOPICS = [
        ("event", _("The event")),
        ("casualties", _("Casualties")),
        ("captives", _("Hostages and captives")),
        ("missing", _("Missing persons")),
        ("families", _("Families and children")),
        ("destruction", _("Destruction")),
        ("aftermath", _("Aftermath")),
    ]
    topic = models.CharField(max_length=20, choices=TOPICS)
    label = models.JSONField(default=dict)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return pick(self.label)

    @property
    def sources_disagree(self):
        return len({f.value for f in self.figures.all()}) > 1


class FactFigure(Sourced):
    # How exact a number is, as its source says it; each wording is translated
    # whole, since languages put the word before or after the number.
    QUALIFIERS = [
        ("about", _("about %(figure)s")),
        ("around", _("around %(figure)s")),
        ("at least", _("at least %(figure)s")),
        ("more than", _("more than %(figure)s")),
        ("over", _("over %(figure)s")),
        ("some", _("some %(figure)s")),
    ]
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="figures")
    value = models.CharField(max_length=120)
    words = models.JSONField(
        default=dict, blank=True, help_text="A figure given in words, per language"
    )
    qualifier = models.CharField(max_length=60, blank=True, choices=QUALIFIERS)
    note = models.JSONField(default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.value} ({self.source_outlet}, {self.source_date})"

    @property
    def shown(self):
        """The figure as a reader in the active language sees it."""
        from django.contrib.humanize.templatetags.humanize import intcomma

        if self.words:
            return pick(self.words)
        figure = intcomma(int(self.value)) if self.value.isdigit() else self.value
        wording = dict(self.QUALIFIERS).get(self.qualifier)
        return str(wording) % {"figure": figure} if wording else figure


class RecognitionBody(PackItem, Sourced):
    TYPES = [
        ("state", _("State")),
        ("national_parliament", _("National parliament")),
        ("us_state", _("US state")),
        ("subnational", _("Regional parliament or province")),
        ("international_organisation", _("International organisation")),
    ]
    name = models.CharField(max_length=200)
    names = models.JSONField(default=dict, blank=True, help_text="The name per language")
    type = models.CharField(max_length=40, choices=TYPES)
    country = models.CharField(max_length=2, blank=True)
    ACTORS = [
        ("parliament", _("parliament")),
        ("parliamentary_assembly", _("parliamentary assembly")),
        ("ministers", _("council of ministers")),
        ("government", _("government")),
    ]
    date = models.CharField(max_length=10, blank=True)
    form = models.JSONField(default=dict, blank=True)
    acted_by = models.CharField(
        max_length=30, choices=ACTORS, blank=True, help_text="Blank: the sources do not say"
    )
    term = models.CharField(
        max_length=200,
        blank=True,
        help_text="The words used, in quotation marks, as the source quotes them",
    )
    document = models.CharField(
        max_length=300, blank=True, help_text="The decision's name or number"
    )
    document_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "name"]
        verbose_name = "recognition"

    def __str__(self):
        return self.name

    @property
    def shown_name(self):
        return pick(self.names) or self.name

    @classmethod
    def provenance(cls):
        """How many entries rest on the one report most of them cite, and which."""
        counts = list(
            cls.objects.values("source_outlet", "source_date")
            .annotate(n=models.Count("id"))
            .order_by("-n", "source_outlet")
        )
        if not counts:
            return None
        return {"count": counts[0]["n"], "total": sum(row["n"] for row in counts)} | counts[0]


class RecognitionTotal(Sourced):
    key = models.SlugField(max_length=120, unique=True)
    claim = models.JSONField(default=dict)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["source_date"]

    def __str__(self):
        return f"{self.count} {pick(self.claim)} ({self.source_outlet})"


class Resource(PackItem, Sourced):
    KINDS = [
        ("book", _("Books")),
        ("film", _("Films")),
        ("music", _("Music")),
        ("exhibition", _("Exhibitions")),
        ("website", _("Websites")),
        ("other", _("Other")),
    ]
    kind = models.CharField(max_length=20, choices=KINDS)
    title = models.CharField(max_length=300)
    titles = models.JSONField(
        default=dict,
        blank=True,
        help_text="The title per language; a work's own title is given in its language only",
    )
    creator = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    description = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["kind", "year", "title"]

    def __str__(self):
        return self.title

    @property
    def shown_title(self):
        return pick(self.titles) or self.title


class MemorialSource(models.Model):
    """A published list of names; the memorial shows nothing that has none."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    published = models.CharField(max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD")
    url = models.URLField(max_length=500, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.published})"


class MemorialName(models.Model):
    source = models.ForeignKey(MemorialSource, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(max_length=300)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    row = models.PositiveIntegerField(help_text="Row in the published list")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "row"], name="memorial_source_row")
        ]

    def __str__(self):
        return self.name


post_save.connect(Campaign.forget_current, sender=Campaign)
post_delete.connect(Campaign.forget_current, sender=Campaign)
