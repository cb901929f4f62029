import os

from django.core.wsgi import get_wsgi_application

from clarion.api.fastpath import StatsFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
application = StatsFastPath(get_wsgi_application())
