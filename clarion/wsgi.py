import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from clarion.api.fastpath import StatsFastPath
from clarion.content import pagecache
from clarion.speedups import contextlocals
from clarion.speedups.signpost import SignFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")


def layered(django_application):
    """Thin layers in front of Django for the hottest requests of a campaign
    day: the counter, cached public pages, and the sign POST."""
    application = django_application
    if settings.SIGN_FAST_PATH:
        application = SignFastPath(
            application, accept="clarion.supporters.views.accept", path="join/"
        )
    return StatsFastPath(pagecache.PageCacheFastPath(application))


application = layered(get_wsgi_application())
pagecache.warm(application)  # the home and menu pages, before the first crowd
if settings.LOCK_FREE_LOCALS:
    contextlocals.unlock()  # many threads per process: no shared lock per read
# What is loaded by now (Django, Wagtail, the URL map: several hundred thousand
# objects) lives as long as the process. Frozen, it is left out of the cyclic
# collector's full passes, which otherwise walk all of it: a pause of 100 ms or
# more every few dozen requests, the slowest answers of a busy day.
gc.freeze()
