from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from newsroom import media, throttle


class FaviconView(RedirectView):
    """Resolved per request: the hashed static name exists only after collectstatic."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


admin.site.site_header = f"{settings.SITE_NAME} – Tòa soạn"
admin.site.site_title = f"{settings.SITE_NAME} – Tòa soạn"
admin.site.index_title = "Quản trị nội dung"

handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("admin/login/", throttle.admin_login),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin): no 404 in the logs.
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("", include("articles.search_urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Uploads with safe content types (newsroom/media.py); production serves them with nginx.
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(
        0, re_path(rf"^{media_prefix}/(?P<path>.+)$", media.serve_media, name="media")
    )

if settings.BENCH_FLOOR_VIEW:
    # The framework's floor for `make bench-pages` (newsroom/floor.py); never in production.
    from newsroom import floor

    urlpatterns.insert(0, path(floor.FLOOR_PATH, floor.floor, name="bench-floor"))
