from django.urls import path

from clarion.contests import views

urlpatterns = [
    path("contests/", views.contests, name="contests"),
    # Before the contests' own pages: "guardian" is never a contest's slug here.
    path("contests/guardian/<str:token>/", views.guardian, name="contest-guardian"),
    path("contests/<slug:slug>/", views.contest, name="contest"),
    path("contests/<slug:slug>/exhibition/", views.exhibition, name="contest-exhibition"),
    path("contests/<slug:slug>/enter/", views.enter, name="contest-enter"),
    path("contests/<slug:slug>/thanks/", views.thanks, name="contest-thanks"),
]
