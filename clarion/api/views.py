from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
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


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
