from django.urls import path

from clarion.network import views

urlpatterns = [
    path("volunteer/", views.volunteer, name="volunteer"),
    path("volunteer/thanks/", views.thanks, name="volunteer-thanks"),
    path("volunteer/confirm/<str:token>/", views.confirm, name="volunteer-confirm"),
    path("volunteer/me/<str:token>/", views.page, name="volunteer-page"),
    path("volunteer/leave/<str:token>/", views.leave, name="volunteer-leave"),
    path(
        "volunteer/me/<str:token>/certificate.pdf",
        views.volunteer_certificate_pdf,
        name="volunteer-certificate",
    ),
    path("coordinators/", views.coordinators, name="coordinators"),
    path("coordinators/sent/", views.contact_sent, name="coordinators-sent"),
    path("coordinators/<int:pk>/", views.contact, name="coordinators-contact"),
    path("certificates/verify/", views.verify, name="certificates-verify"),
    path("certificates/verify/<str:number>/", views.verify, name="certificates-verify-number"),
]
