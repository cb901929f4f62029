import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clarion.ops import health


@never_cache
@require_GET
def healthz(request):
    """The site's health as JSON: 200 when every check passes, else 503 (for
    uptime monitors: the body names what is failing)."""
    healthy, report = health.report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def metrics(request):
    """Prometheus text format, for whoever sends `Authorization: Bearer
    <METRICS_TOKEN>`; refused to everyone else (and to all without a token set)."""
    from clarion.ops.metrics import exposition

    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        response = HttpResponse("A valid METRICS_TOKEN is needed.\n", status=401,
                                content_type="text/plain")  # fmt: skip
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
