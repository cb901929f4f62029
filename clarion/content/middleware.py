import re

from django.conf import settings

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
