"""Wagtail page types. Each says where it may live, so editors cannot build a wrong tree."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from clarion.content import ways
from clarion.content.blocks import BodyBlock
from clarion.lib import activities
from clarion.lib.countries import country_name

from .records import (
    Fact,
    MemorialName,
    MemorialSource,
    RecognitionBody,
    RecognitionTotal,
    Resource,
)


def grouped(items, attribute, choices):
    """[(label, [items whose attribute is that choice])] in the order of the choices."""
    items = list(items)
    return [(label, [i for i in items if getattr(i, attribute) == key]) for key, label in choices]


class CampaignPage(Page):
    """What every editorial page has: an introduction, a body, a review flag."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)
    translation_needs_review = models.BooleanField(
        default=False,
        help_text="This translation was made by machine; a person should check it.",
    )
    pack_key = models.CharField(max_length=120, blank=True, editable=False)
    pack_hash = models.CharField(max_length=32, blank=True, editable=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("translation_needs_review")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    @property
    def content_language(self):
        """Language the text is really in: an alias shows its source's text."""
        if self.alias_of_id:
            return self.alias_of.locale.language_code
        return self.locale.language_code

    @property
    def home(self):
        return HomePage.objects.filter(locale_id=self.locale_id).first()


class HomePage(CampaignPage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.StandardPage",
        "content.WayPage",
        "content.FactsPage",
        "content.NewsIndexPage",
        "content.RecognitionPage",
        "content.ResourcesPage",
        "content.MemorialPage",
    ]

    def get_context(self, request, *args, **kwargs):
        from clarion.content.upcoming import upcoming_events

        context = super().get_context(request, *args, **kwargs)
        context["ways"] = list(WayPage.objects.live().child_of(self).specific())
        context["join_page"] = next((w for w in context["ways"] if w.way == "join"), None)
        context["events_page"] = next((w for w in context["ways"] if w.way == "events"), None)
        context["facts_page"] = FactsPage.objects.live().child_of(self).first()
        context["latest_news"] = (
            NewsItemPage.objects.live().filter(locale_id=self.locale_id).order_by("-date")[:4]
        )
        context["upcoming_events"] = upcoming_events(self.locale)
        return context


class StandardPage(CampaignPage):
    parent_page_types = ["content.HomePage"]
    subpage_types = []


class WayPage(CampaignPage):
    """One of the six ways to join: the text around a feature's form.

    The feature's view is routed in its app's urls.py (/<lang>/join/ in
    clarion/supporters/urls.py, and so on, the route named after the way); it
    shows this page's title, introduction and body around its form.
    """

    way = models.CharField(max_length=20, choices=ways.WAYS)

    content_panels = CampaignPage.content_panels + [FieldPanel("way")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["press.PressReleasePage"]  # under the press page only (its can_create_at)

    @classmethod
    def current(cls, way):
        """The live page for `way` in the active language, or None."""
        language = translation.get_language()
        return cls.objects.live().filter(way=way, locale__language_code=language).first()

    def clean(self):
        super().clean()
        siblings = WayPage.objects.filter(locale_id=self.locale_id, way=self.way)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        if siblings.exists():
            raise ValidationError({"way": _("This language already has a page for this way.")})

    def feature_url(self):
        with translation.override(self.locale.language_code):
            return reverse(self.way)

    def serve(self, request, *args, **kwargs):
        # Reached only when the page's path is not its feature's route (an
        # editor moved it or changed its slug): the feature lives at its route.
        return redirect(self.feature_url())

    def serve_preview(self, request, mode_name):
        # The editor's draft, shown the way visitors will see it: by the feature's view.
        return resolve(self.feature_url()).func(request, page=self)


class FactsPage(CampaignPage):
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = grouped(Fact.objects.prefetch_related("figures"), "topic", Fact.TOPICS)
        return context


class NewsIndexPage(RoutablePageMixin, CampaignPage):
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsItemPage"]
    max_count_per_parent = 1
    per_page = 20

    def items(self):
        # Untranslated items are aliases: their language is the original's.
        return (
            NewsItemPage.objects.live()
            .child_of(self)
            .select_related("alias_of__locale", "locale")
            .order_by("-date", "-pk")
        )

    @path("")
    def listing(self, request):
        from clarion.content.news import filter_news, filter_options

        items, filters = filter_news(self.items(), request.GET)
        page = Paginator(items, self.per_page).get_page(request.GET.get("page"))
        context = {"items": page, "filters": filters, "options": filter_options(self)}
        return self.render(request, context_overrides=context)

    @path("feed/")
    def feed(self, request):
        from clarion.content.news import NewsFeed

        return NewsFeed()(request, index_page=self)


class NewsItemPage(CampaignPage):
    ACTIVITIES = activities.ACTIVITIES
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, default="day", editable=False)
    end_date = models.DateField(null=True, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    activity = models.CharField(max_length=20, choices=ACTIVITIES, db_index=True)
    source_outlet = models.CharField(max_length=200)
    source_date = models.CharField(max_length=10)
    source_title = models.CharField(max_length=300, blank=True)
    source_headline = models.BooleanField(
        default=False,
        help_text="The title is the source's own headline (quoted), not our description",
    )
    source_url = models.URLField(max_length=500, blank=True)

    content_panels = CampaignPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("end_date"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("activity"),
            ],
            heading="When and where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_outlet"),
                FieldPanel("source_date"),
                FieldPanel("source_title"),
                FieldPanel("source_headline"),
                FieldPanel("source_url"),
            ],
            heading="Source",
        ),
    ]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def is_upcoming(self):
        return self.date >= timezone.localdate()


class RecognitionPage(CampaignPage):
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = grouped(RecognitionBody.objects.all(), "type", RecognitionBody.TYPES)
        context["totals"] = RecognitionTotal.objects.all()
        context["provenance"] = RecognitionBody.provenance()
        return context


class ResourcesPage(CampaignPage):
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = grouped(Resource.objects.all(), "kind", Resource.KINDS)
        return context


class MemorialPage(CampaignPage):
    """Names appear only when imported from a published list, with that list cited."""

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        names = MemorialName.objects.select_related("source")
        context["names"] = Paginator(names, 200).get_page(request.GET.get("page"))
        context["sources"] = MemorialSource.objects.all()
        return context
