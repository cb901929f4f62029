"""The figures behind /<lang>/join/progress/ and the admin dashboard."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.api.series import series
from clarion.content.numbers import current_stats
from clarion.lib.countries import country_name
from clarion.reach import charts

TOP_COUNTRIES = 15


def launch_date(points):
    from clarion.content.models import Campaign

    campaign = Campaign.current()
    if campaign and campaign.launched:
        return campaign.launched
    return points[0][0] if points else timezone.now().date()


def milestones(language):
    from clarion.content.models import NewsItemPage

    found = NewsItemPage.objects.live().filter(locale__language_code=language, activity="milestone")
    return list(found.order_by("date").values_list("date", "title"))


def event_days(start):
    from clarion.events.models import Event

    found = Event.objects.filter(status=Event.APPROVED, starts_at__date__gte=start)
    return {when.date() for when in found.values_list("starts_at", flat=True)}


def overview(language):
    """Everything the progress page shows: charts and the tables beside them."""
    stats = current_stats()
    weekly = series(interval="week")
    points = [(datetime.date.fromisoformat(p["date"]), p["total"]) for p in weekly["points"]]
    start = launch_date(points)
    today = timezone.now().date()
    marks = milestones(language)
    ranked = sorted(stats["countries"].items(), key=lambda item: (-item[1], item[0]))
    top = [(country_name(code), n) for code, n in ranked[:TOP_COUNTRIES]]
    return {
        "stats": stats,
        "launched": start,
        "time_chart": charts.time_chart(
            points,
            min(start, points[0][0]) if points else start,
            today,
            milestones=marks,
            event_days=event_days(start),
            title=_("Signatures since the launch of the campaign"),
        ),
        "years": charts.per_year(points),
        "milestones": marks,
        "bar_chart": charts.bar_chart(
            top,
            title=_("Countries with the most signatures"),
            rtl=translation.get_language_info(language)["bidi"],
        ),
        "top_countries": top,
    }


def recent(days=7):
    """Signatures today and in the last `days` days, and the countries of the week."""
    daily = series(interval="day", start=timezone.now().date() - datetime.timedelta(days=days))
    today = timezone.now().date().isoformat()
    return {
        "today": sum(p["signatures"] for p in daily["points"] if p["date"] == today),
        "week": sum(p["signatures"] for p in daily["points"]),
        "total": daily["total"],
    }
