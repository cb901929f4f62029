from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "clarion.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.utils.translation import gettext_lazy as _

        from clarion.lib import personal_data
        from clarion.network import partners, privacy, roles, schools, volunteering
        from clarion.ops import periodic

        post_migrate.connect(roles.ensure_groups, sender=self, dispatch_uid="network-groups")
        periodic.register(volunteering.forget_unconfirmed, seconds=3600)
        personal_data.register(
            "network", label=_("Volunteering"), export=privacy.export, erase=privacy.erase
        )
        personal_data.register(
            "schools", label=_("School classes"), export=schools.export, erase=schools.erase
        )
        personal_data.register(
            "partner_listing",
            label=_("Partners and supporters"),
            export=partners.export,
            erase=partners.erase,
        )
