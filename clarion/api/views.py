from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from clarion.api.fastpath import headers, stats_body
from clarion.api.openapi import openapi_document


@require_GET
def stats(request):
    """The counter; usually answered by clarion.api.fastpath before reaching here."""
    body = stats_body()
    response = HttpResponse(body, content_type="application/json")
    for name, value in headers(body):
        response[name] = value
    return response


@require_GET
def openapi(request):
    response = JsonResponse(openapi_document(request))
    patch_cache_control(response, public=True, max_age=3600)
    response["Access-Control-Allow-Origin"] = "*"
    return response
