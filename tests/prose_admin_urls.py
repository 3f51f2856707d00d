"""A URLconf for one browser test: the article admin with django-prose-editor's widget on the
body, as the editorial work will wire it, to check the widget runs under the admin's CSP."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.models import Article

site = admin.AdminSite(name="admin")


@admin.register(Article, site=site)
class ProseArticleAdmin(admin.ModelAdmin):
    fields = ["title", "lead", "body"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminProseEditorWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"))),
    path("admin/", site.urls),
    path("", include("articles.urls")),
]
