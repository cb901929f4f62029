"""Cursor pagination: a page of rows after a signed, opaque position.

The cursor holds the sort values of the last row sent, signed with the site's
key and the list's name, so a client cannot forge one (a changed cursor is a
400) and rows inserted meanwhile neither repeat nor go missing.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _

from clarion.api.http import BadRequest, query_int

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _after(ordering, values):
    """Rows strictly after `values` in `ordering` (["-date", "-pk"] …)."""
    condition = Q()
    for i, field in enumerate(ordering):
        name = field.lstrip("-")
        lookup = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[i]})
        for earlier, value in zip(ordering[:i], values[:i], strict=False):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def page(request, queryset, ordering, serialize, name):
    """{"results": [...], "next": url or null} for one page of `queryset`."""
    limit = query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    salt = f"clarion.api.cursor:{name}"
    cursor = request.GET.get("cursor")
    rows = queryset.order_by(*ordering)
    if cursor:
        try:
            values = signing.loads(cursor, salt=salt)
        except signing.BadSignature:
            raise BadRequest(_("This cursor is not one we gave out.")) from None
        if not isinstance(values, list) or len(values) != len(ordering):
            raise BadRequest(_("This cursor is not one we gave out."))
        rows = rows.filter(_after(ordering, values))
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    following = None
    if more:
        last = found[-1]
        values = [_plain(getattr(last, f.lstrip("-"))) for f in ordering]
        params = {k: v for k, v in request.GET.items() if k != "cursor"}
        params["cursor"] = signing.dumps(values, salt=salt, compress=True)
        following = f"{settings.SITE_URL}{request.path}?{urlencode(params)}"
    return {"results": [serialize(row) for row in found], "next": following}
