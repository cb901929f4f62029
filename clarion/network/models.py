from django.conf import settings
from django.db import models
from django.db.models import Q

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
