from django.urls import path

from clarion.contributions import views

IMAGE, LETTERS = {"way": "image-message"}, {"way": "letters"}

urlpatterns = [
    path("image-message/", views.image_message, name="image-message"),
    path("image-message/draft/<str:token>/", views.draft, name="image-message-draft"),
    path("image-message/draft/<str:token>/<str:size>.jpg", views.draft_image,
         name="image-message-render"),
    path("image-message/draft/<str:token>/submit/", views.draft_submit,
         name="image-message-submit"),
    path("image-message/thanks/", views.thanks, IMAGE, name="image-message-thanks"),
    path("image-message/gallery/", views.gallery, IMAGE, name="gallery"),
    path("image-message/gallery/<int:pk>/", views.item, IMAGE, name="gallery-item"),
    path("image-message/gallery/<int:pk>/report/", views.report, IMAGE, name="gallery-report"),
    path("letters/", views.letters, name="letters"),
    path("letters/thanks/", views.thanks, LETTERS, name="letters-thanks"),
    path("letters/read/", views.gallery, LETTERS, name="letters-read"),
    path("letters/<int:pk>/", views.item, LETTERS, name="letters-item"),
    path("letters/<int:pk>/report/", views.report, LETTERS, name="letters-report"),
    path("letters/erase/", views.erase_request, name="contribution-erase-request"),
    path("letters/erase/<str:token>/", views.erase, name="contribution-erase"),
]  # fmt: skip
