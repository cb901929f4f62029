from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "clarion.reach"
    label = "reach"
