"""Cross-site request checks for anonymous forms that carry no CSRF cookie.

Browsers send Origin on every cross-site POST (and Referer otherwise); a form
posted from another site, or by a client that sends neither, is refused. This
keeps public pages free of per-visitor tokens, so they can be cached.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt


def _allowed_origins(request):
    allowed = {f"{request.scheme}://{request.get_host()}"}
    for url in [settings.SITE_URL, *settings.CSRF_TRUSTED_ORIGINS]:
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            allowed.add(f"{parts.scheme}://{parts.netloc}")
    return allowed


def is_same_origin(request):
    origin = request.META.get("HTTP_ORIGIN")
    if origin == "null":  # a sandboxed frame, a data: page: never this site's form
        return False
    if origin is None:
        referer = request.META.get("HTTP_REFERER", "")
        parts = urlsplit(referer)
        if not (parts.scheme and parts.netloc):
            return False
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin in _allowed_origins(request)


def same_origin_post(view):
    """Refuse POSTs from other sites with a clear 403 page."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            return TemplateResponse(request, "403_csrf.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
