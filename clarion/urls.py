from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from clarion.api import views as api_views
from clarion.api.sitemap import robots, sitemap
from clarion.content import views as content_views

urlpatterns = [
    path("", include("clarion.ops.urls")),
    path("api/v1/", include("clarion.api.urls")),
    re_path(r"^api/", api_views.not_found),  # another version, or none: a JSON 404 too
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots, name="robots"),
    path("", content_views.choose_language, name="choose-language"),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # A provider's bounce and complaint webhooks (clarion/outreach/suppression.py).
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if not settings.S3_BUCKET:
    # Embedded mode: media from local disk. Behind nginx, nginx serves /media/.
    # Documents only through /documents/ (Wagtail's checks, private collections).
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>(?!documents/).*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    )

urlpatterns += i18n_patterns(
    path("", include("clarion.supporters.urls")),
    path("", include("clarion.contributions.urls")),
    path("", include("clarion.petitions.urls")),
    path("", include("clarion.events.urls")),
    path("", include("clarion.press.urls")),
    path("", include("clarion.testimonies.urls")),
    path("", include("clarion.contests.urls")),
    path("", include("clarion.reach.urls")),
    path("", include("clarion.outreach.urls")),
    path("", include("clarion.network.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "clarion.content.views.page_not_found"
