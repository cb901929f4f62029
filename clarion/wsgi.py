import os

from django.core.wsgi import get_wsgi_application

from clarion.api.fastpath import StatsFastPath
from clarion.content.pagecache import PageCacheFastPath
from clarion.supporters.fastpath import SignFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
# Thin layers in front of Django for the hottest requests of a campaign day:
# the counter, cached public pages, and the sign POST.
application = StatsFastPath(PageCacheFastPath(SignFastPath(get_wsgi_application())))
