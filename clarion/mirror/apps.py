from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "clarion.mirror"
    label = "mirror"
