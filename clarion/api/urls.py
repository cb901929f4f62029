from django.urls import path

from clarion.api import views

urlpatterns = [
    path("stats.json", views.stats, name="api-stats"),
    path("openapi.json", views.openapi, name="api-openapi"),
]
