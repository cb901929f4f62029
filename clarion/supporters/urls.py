from django.urls import path

from clarion.supporters import views

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.thanks, name="join-thanks"),
    path("join/confirm/<str:token>/", views.confirm, name="join-confirm"),
    path("join/wall/", views.wall, name="join-wall"),
    path("join/countries/", views.countries, name="join-countries"),
    path("join/my-data/", views.privacy_request, name="join-privacy"),
    path("join/my-data/<str:token>/", views.my_data, name="join-my-data"),
    path("join/unsubscribe/<str:token>/", views.unsubscribe, name="join-unsubscribe"),
]
