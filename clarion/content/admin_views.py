from django.apps import apps
from django.shortcuts import render

from clarion.content.models import (
    Campaign,
    CampaignPage,
    Fact,
    RecognitionBody,
    Resource,
)
from clarion.petitions.models import Petition


def translations_to_review(request):
    """Every page and record whose translation was machine-made."""
    page_models = [m for m in apps.get_models() if issubclass(m, CampaignPage)]
    pages = sorted(
        (
            page
            for model in page_models
            for page in model.objects.filter(translation_needs_review=True).select_related("locale")
        ),
        key=lambda page: (page.locale.language_code, page.path),
    )
    records = [
        (model._meta.verbose_name_plural, obj, obj.machine_translated)
        for model in (Campaign, Fact, RecognitionBody, Resource, Petition)
        for obj in model.objects.exclude(machine_translated=[])
    ]
    return render(
        request,
        "content/admin/translations_to_review.html",
        {"pages": pages, "records": records},
    )
