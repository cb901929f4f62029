"""Pages other sites may put in an <iframe>: the counter and the sign form.

Only these answer with `Content-Security-Policy: frame-ancestors *` and no
X-Frame-Options; every other page stays unframeable (X-Frame-Options: DENY).

A framed page lives in a third-party context where browsers do not send our
cookies, so the sign form carries its own token instead of Django's CSRF
cookie: signed with the site's key, valid for FORM_TOKEN_HOURS, checked on the
POST. A POST without it (or with a forged or stale one) is refused with the
form shown again.
"""

from functools import wraps

from django.core import signing

FORM_TOKEN_HOURS = 24
_SALT = "clarion.reach.embed-sign"


def frameable(view):
    """Let any site frame this view's pages (and no more than that)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True
        response["Content-Security-Policy"] = "frame-ancestors *"
        return response

    return wrapped


def form_token():
    return signing.TimestampSigner(salt=_SALT).sign("sign")


def token_ok(token):
    try:
        signing.TimestampSigner(salt=_SALT).unsign(token or "", max_age=FORM_TOKEN_HOURS * 3600)
    except signing.BadSignature:
        return False
    return True
