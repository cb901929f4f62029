from django.urls import path

from clarion.events import views

urlpatterns = [
    path("events/", views.calendar_page, name="events"),
    path("events/new/", views.propose, name="events-propose"),
    path("events/new/sent/", views.proposed, name="events-proposed"),
    path("events/confirm/<str:token>/", views.confirm, name="events-confirm"),
    path("events/calendar.ics", views.feed, name="events-feed"),
    path("events/<int:pk>/", views.detail, name="events-detail"),
    path("events/<int:pk>/rsvp/", views.rsvp, name="events-rsvp"),
    path("events/<int:pk>/event.ics", views.event_ics, name="events-ics"),
    path("events/<int:pk>/<str:kind>.pdf", views.printable, name="events-printable"),
    path("events/cancel/<str:token>/", views.cancel, name="events-cancel"),
    path("events/manage/<str:token>/", views.manage, name="events-manage"),
    path("events/manage/<str:token>/edit/", views.edit, name="events-edit"),
    path("events/manage/<str:token>/guests.csv", views.guests_csv, name="events-guests"),
    path("events/manage/<str:token>/report/", views.report, name="events-report"),
    path(
        "events/manage/<str:token>/certificate.pdf",
        views.organiser_certificate,
        name="events-certificate",
    ),
]
