from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clarion.api"
    label = "api"
