"""After the event: the organiser's report, its photos and its paper sheet."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from clarion.contributions import moderation
from clarion.contributions.models import Submission
from clarion.events.models import Photo, Report
from clarion.supporters.paper import import_rows, place_of, read_sheet


def file_report(event, data, photos):
    """Store (or replace) the report; photos are CleanImages, kept unpublished."""
    sheet = data.get("sheet")
    with transaction.atomic():
        report, _created = Report.objects.update_or_create(
            event=event,
            defaults={
                "attendance": data["attendance"],
                "paper_signatures": data.get("paper_signatures") or 0,
                "press_links": "\n".join(data.get("press_links", [])),
                "summary": data.get("summary", ""),
            },
        )
        if sheet:
            report.sheet_name, report.sheet_data = sheet.name[:200], sheet.data
            report.save(update_fields=["sheet_name", "sheet_data"])
        for clean in photos:
            add_photo(report, clean)
    return report


def add_photo(report, clean):
    """Store a checked photo and put it in the one moderation queue (unpublished)."""
    event = report.event
    photo = Photo(report=report, width=clean.size[0], height=clean.size[1])
    photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(clean.encode()), save=False)
    submission = Submission(
        kind=Photo.KIND,
        status=Submission.PENDING,
        title=event.title[:200],
        image=photo.image.name,
        country=event.country,
        language=event.language,
        name_display=Submission.NAME_NONE,
        submitted_at=report.submitted_at,
    )
    submission.flags = moderation.first_pass(submission)
    submission.save()
    photo.submission = submission
    photo.save()
    return photo


def public_photos(report):
    return report.photos.filter(submission__status=Submission.APPROVED).order_by("pk")


def import_sheet(report, user):
    """Staff import the organiser's sheet with the declaration's paper import."""
    if report.paper_batch_id or not report.sheet_data:
        return report.paper_batch
    event = report.event
    batch = import_rows(
        read_sheet(report.sheet_name, bytes(report.sheet_data)),
        place=place_of(event)[:200],
        event=event,
        date=event.local_start.date(),
        country=event.country,
        filename=report.sheet_name,
        user=user,
    )
    report.paper_batch = batch
    report.save(update_fields=["paper_batch"])
    return batch
