"""The answer to an accepted form: 303 See Other, so a reload does not post again."""

from django.http import HttpResponseRedirect
from django.utils import translation


def see_other(path):
    """303 to `path` under the active language's prefix: see_other("join/thanks/")
    in Arabic goes to /ar/join/thanks/."""
    response = HttpResponseRedirect(f"/{translation.get_language()}/{path}")
    response.status_code = 303
    return response
