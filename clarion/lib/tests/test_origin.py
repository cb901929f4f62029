from django.test import RequestFactory, SimpleTestCase, override_settings

from clarion.lib.origin import is_same_origin


@override_settings(SITE_URL="http://testserver", CSRF_TRUSTED_ORIGINS=[], ALLOWED_HOSTS=["*"])
class SameOriginTestCase(SimpleTestCase):
    def post(self, **headers):
        return RequestFactory().post("/en/join/", **headers)

    def test_it_accepts_this_sites_origin(self):
        self.assertTrue(is_same_origin(self.post(HTTP_ORIGIN="http://testserver")))

    def test_it_refuses_a_null_origin_whatever_the_referer(self):
        """Security review, Low: a sandboxed frame elsewhere sends Origin: null."""
        request = self.post(HTTP_ORIGIN="null", HTTP_REFERER="http://testserver/en/join/")
        self.assertFalse(is_same_origin(request))

    def test_it_reads_the_referer_without_an_origin(self):
        self.assertTrue(is_same_origin(self.post(HTTP_REFERER="http://testserver/en/join/")))
        self.assertFalse(is_same_origin(self.post(HTTP_REFERER="https://evil.example/")))
        self.assertFalse(is_same_origin(self.post()))
