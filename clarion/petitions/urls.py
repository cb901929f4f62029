from django.urls import path

from clarion.petitions import views

urlpatterns = [
    path("petitions/", views.petitions, name="petitions"),
    path("petitions/<slug:slug>/", views.petition, name="petition"),
    path("petitions/<slug:slug>/thanks/", views.thanks, name="petition-thanks"),
    path("petitions/<slug:slug>/report/", views.report, name="petition-report"),
    path("petitions/<slug:slug>/confirm/<str:token>/", views.confirm, name="petition-confirm"),
    path("petitions/<slug:slug>/me/<str:token>/", views.me, name="petition-me"),
    path("petitions/<slug:slug>/answer/<str:token>/", views.answer, name="petition-answer"),
]
