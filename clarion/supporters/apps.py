from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "clarion.supporters"
    label = "supporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from clarion.content import live, numbers, ways
        from clarion.ops import periodic
        from clarion.supporters import counting, maintenance, views

        ways.register("join", views.join)
        numbers.register(counting.public_stats)
        live.register("signature_map", views.signature_map_part)
        periodic.register(counting.fold, seconds=3)
        periodic.register(maintenance.run, seconds=60)
