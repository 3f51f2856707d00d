from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} – Tòa soạn"
admin.site.site_title = f"{settings.SITE_NAME} – Tòa soạn"
admin.site.index_title = "Quản trị nội dung"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.search_urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
