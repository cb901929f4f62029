from django.urls import path

from clarion.content import views

urlpatterns = [
    path("press/kit.zip", views.press_kit, name="press-kit"),
]
