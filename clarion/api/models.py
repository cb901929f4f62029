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
        # The series reads (day, count) of one country from this index alone.
        indexes = [models.Index(fields=["country", "day", "count"], name="series_covering")]

    def __str__(self):
        return f"{self.day} {self.country or '*'} {self.source}: {self.count}"


class ApiKey(models.Model):
    """A partner's key for the write API. Only its SHA-256 is kept (the key is
    32 random bytes: a fast hash is enough); staff see the first characters
    to tell keys apart, and revoke a key by setting revoked_at."""

    SIGN_DECLARATION, SIGN_PETITION = "sign_declaration", "sign_petition"
    SCOPES = [
        (SIGN_DECLARATION, "Sign the declaration"),
        (SIGN_PETITION, "Sign a petition"),
    ]
    partner = models.CharField(max_length=200, help_text="Who holds the key (organisation, site)")
    contact = models.CharField(max_length=200, blank=True, help_text="Whom staff ask about it")
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self):
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.partner}: {self.prefix}…{state}"


class PartnerSignature(models.Model):
    """A signature that came through a partner's key: which partner, which
    petition if any, and the consent wording their form showed (the wording is
    also the signature's own consent record)."""

    key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="signatures")
    signature = models.ForeignKey(
        "supporters.Signature", on_delete=models.CASCADE, related_name="+"
    )
    petition = models.CharField(max_length=80, blank=True)
    consent = models.ForeignKey(
        "supporters.ConsentText", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.signature_id} via {self.key_id}"
