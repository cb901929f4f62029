from django.urls import path

from clarion.reach import views

urlpatterns = [
    path("join/progress/", views.progress, name="reach-progress"),
    path("embed/", views.share, name="reach-share"),
    path("embed/counter/", views.counter, name="reach-counter"),
    path("embed/sign/", views.sign, name="reach-sign"),
    path("embed/sign/thanks/", views.sign_thanks, name="reach-sign-thanks"),
]
