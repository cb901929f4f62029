from django.urls import path

from clarion.outreach import views

urlpatterns = [
    path("newsletter/", views.archive, name="newsletter-archive"),
    path("newsletter/feed/", views.feed, name="newsletter-feed"),
    path("newsletter/<int:pk>/", views.web_version, name="newsletter-web"),
    path("newsletter/stop/<str:topic>/<str:token>/", views.stop, name="newsletter-stop"),
]
