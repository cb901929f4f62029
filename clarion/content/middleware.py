import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from clarion.content.views import page_not_found

LANGUAGE_LIKE = re.compile(r"^/([a-zA-Z]{2,3}(?:[-_][a-zA-Z]{2,4})?)(?:/|$)")
SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UnknownLanguagePrefixMiddleware:
    """/xx/… where xx looks like a language we do not have is a 404 at once,
    rather than a redirect to /<browser language>/xx/… that would 404 anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = LANGUAGE_LIKE.match(request.path_info)
        if match and match.group(1).lower() not in SUPPORTED | {
            "api",
            "static",
            "media",
        }:
            return page_not_found(request)
        return self.get_response(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except for addresses outside the language trees (/api/): a
    404 there stays that 404 instead of a redirect to /en/api/…, which the
    pages' catch-all would answer with an HTML page."""

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
