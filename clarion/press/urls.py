from django.urls import path

from clarion.press import views

urlpatterns = [
    path("press/", views.press_room, name="press"),
    path("press/kit.zip", views.press_kit, name="press-kit"),
    path("press/releases/", views.releases, name="press-releases"),
    path("press/releases/feed/", views.releases_feed, name="press-releases-feed"),
    path("press/contact/", views.contact, name="press-contact"),
    path("press/contact/sent/", views.contact_sent, name="press-contact-sent"),
    path("press/coverage/", views.coverage, name="press-coverage"),
    path("press/coverage/new/", views.report_coverage, name="press-coverage-new"),
    path("press/coverage/sent/", views.coverage_sent, name="press-coverage-sent"),
]
