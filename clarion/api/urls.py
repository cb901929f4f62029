from django.urls import path, re_path

from clarion.api import partners, views

urlpatterns = [
    path("stats.json", views.stats, name="api-stats"),
    path("openapi.json", views.openapi, name="api-openapi"),
    path("petitions", views.petitions, name="api-petitions"),
    path("petitions/<slug:slug>/signatures", partners.sign_petition, name="api-petition-sign"),
    path("signatures", partners.sign_declaration, name="api-sign"),
    path("events", views.events, name="api-events"),
    path("events.geojson", views.events_geojson, name="api-events-geojson"),
    path("news", views.news, name="api-news"),
    path("facts", views.facts, name="api-facts"),
    path("recognition", views.recognition, name="api-recognition"),
    path("resources", views.resources, name="api-resources"),
    path("statistics/countries", views.countries, name="api-countries"),
    path("statistics/timeseries", views.timeseries, name="api-timeseries"),
    # Anything else under /api/v1/ is a JSON 404, not a redirect to a language.
    re_path(r"^.*$", views.not_found, name="api-not-found"),
]
