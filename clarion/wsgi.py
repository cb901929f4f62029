import os

from django.core.wsgi import get_wsgi_application

from clarion.api.fastpath import StatsFastPath
from clarion.content.pagecache import PageCacheFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
application = StatsFastPath(PageCacheFastPath(get_wsgi_application()))
