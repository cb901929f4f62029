from django.apps import apps
from django.shortcuts import render

from clarion.content.models import CampaignPage


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
        for model in apps.get_models()
        if any(field.name == "machine_translated" for field in model._meta.fields)
        for obj in model.objects.exclude(machine_translated=[])
    ]
    return render(
        request,
        "content/admin/translations_to_review.html",
        {"pages": pages, "records": records},
    )
