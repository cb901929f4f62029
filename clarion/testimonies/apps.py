from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimoniesConfig(AppConfig):
    name = "clarion.testimonies"
    label = "testimonies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from clarion.contributions import kinds
        from clarion.lib import personal_data
        from clarion.testimonies import models

        kinds.register(models.Testimony.KIND, _("Testimony"))
        post_delete.connect(models.delete_media, sender=models.Testimony, dispatch_uid="voices")
        personal_data.register(
            "testimonies",
            label=_("Testimonies you sent"),
            export=models.export,
            erase=models.erase,
        )
