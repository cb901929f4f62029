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

urlpatterns += [
    path("schools/", views.schools, name="schools"),
    path("schools/thanks/", views.schools_thanks, name="schools-thanks"),
    path("schools/pack/<str:code>.pdf", views.teacher_pack, name="schools-pack"),
    path("schools/confirm/<str:token>/", views.school_confirm, name="schools-confirm"),
    path("schools/class/<str:token>/", views.school_class, name="schools-class"),
    path("schools/class/<str:token>/certificate.pdf", views.school_certificate_pdf,
         name="schools-certificate"),
]  # fmt: skip

urlpatterns += [
    path("partners/", views.partners, name="partners"),
    path("partners/join/", views.partners_join, name="partners-join"),
    path("partners/thanks/", views.partners_thanks, name="partners-thanks"),
]
