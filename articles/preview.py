"""Staff preview of any article, published or not, as readers would see it."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .views import ArticleDetailView


class ArticlePreviewView(ArticleDetailView):
    """The public article page for any status; staff with view permission only, never cached."""

    template_name = "editorial/article_preview.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
        if not user.has_perm("articles.view_article"):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # Any status, and no redirect to the canonical address: an unpublished article has none yet.
    published_only = False
    canonical_redirect = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
