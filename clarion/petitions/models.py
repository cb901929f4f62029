from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """An institution or office the campaign writes to.

    Contact channels stay empty until staff add a real, published one: the
    content pack never invents an address, and a target without any channel
    is delivered by hand.
    """

    KINDS = [
        ("head_of_state", _("Head of state")),
        ("government", _("Government")),
        ("parliament", _("Parliament")),
        ("international_organisation", _("International organisation")),
        ("office", _("Office")),
    ]
    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=40, choices=KINDS)
    organisation = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True)
    role = models.CharField(max_length=500, blank=True)
    languages = models.JSONField(default=list, blank=True)
    email = models.EmailField(blank=True)
    fax = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    web_form_url = models.URLField(max_length=500, blank=True)
    source_outlet = models.CharField(max_length=200, blank=True)
    source_date = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def channels(self):
        found = [
            ("email", self.email),
            ("fax", self.fax),
            ("post", self.postal_address),
        ]
        found.append(("web_form", self.web_form_url))
        return [kind for kind, value in found if value]

    @property
    def manual_delivery(self):
        return not self.channels
