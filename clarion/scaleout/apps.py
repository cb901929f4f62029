from django.apps import AppConfig


class ScaleoutConfig(AppConfig):
    name = "clarion.scaleout"
    label = "scaleout"
