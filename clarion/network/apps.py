from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "clarion.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from clarion.network import roles

        post_migrate.connect(roles.ensure_groups, sender=self, dispatch_uid="network-groups")
