from django.http import JsonResponse
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
