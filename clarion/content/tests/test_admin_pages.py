from django.contrib.auth import get_user_model

from clarion.content.models import StandardPage

from .base import BaseTestCase


class AdminPagesTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("admin", "", "pw"))

    def test_staff_screens_open(self):
        about = StandardPage.objects.get(pack_key="about", locale__language_code="en")
        paths = [
            "/admin/",
            "/admin/translations-to-review/",
            "/admin/signatures/abuse/",
            "/admin/signatures/paper/",
            f"/admin/pages/{about.pk}/edit/",
        ]
        for path in paths:
            self.assertEqual(self.client.get(path).status_code, 200, path)

    def test_the_review_list_names_machine_translations(self):
        response = self.client.get("/admin/translations-to-review/")
        about_ru = StandardPage.objects.get(pack_key="about", locale__language_code="ru")
        self.assertContains(response, about_ru.title)
        about_en = StandardPage.objects.get(pack_key="about", locale__language_code="en")
        self.assertNotContains(response, f"<td>{about_en.title}</td>")

    def test_snippet_listings_open(self):
        from wagtail.snippets.models import get_snippet_models

        for model in get_snippet_models():
            url = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
            self.assertEqual(self.client.get(url).status_code, 200, url)
