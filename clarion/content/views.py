from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.vary import vary_on_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


@vary_on_headers("Accept-Language", "Cookie")
def choose_language(request):
    """`/` sends the visitor to the home page in the language their browser asks for."""
    language = translation.get_language_from_request(request, check_path=False)
    response = HttpResponseRedirect(f"/{language}/")
    response.status_code = 302
    return response


def page_not_found(request, exception=None):
    """A 404 in the language of the path, else the nearest one the browser accepts."""
    prefix = request.path.lstrip("/").split("/", 1)[0]
    if prefix in SUPPORTED:
        language = prefix
    else:
        language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        response = TemplateResponse(request, "404.html", status=404)
        response.render()
    return response
