from django.db import models


class SeriesDay(models.Model):
    """Counted signatures per day, country and source (online or paper),
    rolled up from the signatures by clarion.api.series; country "" is the
    day's total over every country, so the whole-campaign series is one
    indexed range of a few thousand rows whatever the number of signatures."""

    day = models.DateField()
    country = models.CharField(max_length=2, blank=True)
    source = models.CharField(max_length=8)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "source", "day"], name="series_day_once")
        ]

    def __str__(self):
        return f"{self.day} {self.country or '*'} {self.source}: {self.count}"
