"""Events and the news archive: past events of the pack, and reports turned into news drafts."""

import datetime

from django.db import transaction
from django.utils.text import slugify

from clarion.content.models import NewsIndexPage, NewsItemPage
from clarion.events import agenda
from clarion.events.models import Event
from clarion.lib import activities

EVENT_ACTIVITIES = [key for key, _label in activities.EVENT_TYPES]  # news that was an event


def _span(page):
    start = datetime.datetime.combine(page.date, datetime.time(0, 0), tzinfo=datetime.UTC)
    last = page.end_date or page.date
    end = datetime.datetime.combine(last, datetime.time(23, 59), tzinfo=datetime.UTC)
    return start, end


def sync_from_pack(sender=None, **kwargs):
    """One Event per English news item that reports an event with a place: linked
    to the news page, never a copy of its text. Safe to run again."""
    pages = NewsItemPage.objects.filter(
        locale__language_code="en", activity__in=EVENT_ACTIVITIES, alias_of__isnull=True
    ).exclude(country="")
    kept = []
    with transaction.atomic():
        for page in pages:
            start, end = _span(page)
            event, _created = Event.objects.update_or_create(
                news_page=page,
                defaults={
                    "type": page.activity,
                    "title": page.title,
                    "status": Event.APPROVED,
                    "source": Event.NEWS,
                    "starts_at": start,
                    "ends_at": end,
                    "time_zone": "UTC",
                    "city": page.city,
                    "country": page.country,
                    "language": "en",
                },
            )
            kept.append(event.pk)
        Event.objects.filter(source=Event.NEWS).exclude(pk__in=kept).delete()
    agenda.changed()
    return len(kept)


def may_draft(user):
    """News items are pages: editors who may add one under the news index, never
    a coordinator (clarion.network), whatever groups they were given."""
    from clarion.network.roles import is_scoped_staff

    index = NewsIndexPage.objects.filter(locale__language_code="en").first()
    return (
        index is not None
        and not is_scoped_staff(user)
        and index.permissions_for_user(user).can_add_subpage()
    )


def draft_news(report):
    """Staff's one click: an unpublished English news item from the report."""
    event = report.event
    if report.news_page_id:
        return report.news_page
    index = NewsIndexPage.objects.filter(locale__language_code="en").first()
    lines = [report.summary, f"Attendance: {report.attendance}."]
    if report.paper_signatures:
        lines.append(f"Paper signatures collected: {report.paper_signatures}.")
    date = event.local_start.date()
    page = NewsItemPage(
        title=event.title,
        slug=f"{date:%Y-%m-%d}-{slugify(event.title)[:60] or 'event'}-{event.pk}",
        intro="\n\n".join(line for line in lines if line),
        date=date,
        city=event.city,
        country=event.country,
        activity=event.type,
        source_outlet="Organiser's report",
        source_date=f"{report.submitted_at:%Y-%m-%d}",
        source_url=report.press_list[0][:500] if report.press_list else "",
        live=False,
    )
    with transaction.atomic():
        index.add_child(instance=page)
        page.save_revision()
        report.news_page = page
        report.save(update_fields=["news_page"])
    return page
