from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "clarion.supporters"
    label = "supporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.content import live, numbers
        from clarion.ops import periodic
        from clarion.supporters import counting, maintenance, views

        numbers.register(counting.public_stats)
        live.register("signature_map", views.signature_map_part)
        periodic.register(counting.fold, seconds=3)
        periodic.register(maintenance.run, seconds=60)
