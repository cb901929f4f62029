import gc
import os

from django.core.wsgi import get_wsgi_application

from clarion.api.fastpath import StatsFastPath
from clarion.content import pagecache
from clarion.lib import contextlocals
from clarion.supporters.fastpath import SignFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
# Thin layers in front of Django for the hottest requests of a campaign day:
# the counter, cached public pages, and the sign POST.
application = StatsFastPath(pagecache.PageCacheFastPath(SignFastPath(get_wsgi_application())))
pagecache.warm(application)  # the home and menu pages, before the first crowd
contextlocals.unlock()  # many threads per process: no shared lock per read
# What is loaded by now (Django, Wagtail, the URL map: several hundred thousand
# objects) lives as long as the process. Frozen, it is left out of the cyclic
# collector's full passes, which otherwise walk all of it: a pause of 100 ms or
# more every few dozen requests, the slowest answers of a busy day.
gc.freeze()
