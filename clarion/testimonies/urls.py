from django.urls import path

from clarion.testimonies import views

urlpatterns = [
    path("testimonies/", views.gallery, name="testimonies"),
    path("testimonies/new/", views.new, name="testimony-new"),
    path("testimonies/thanks/", views.thanks, name="testimony-thanks"),
]
