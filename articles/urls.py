from django.urls import path

from . import feeds, preview, sitemaps, views
from .cache import public_page

app_name = "articles"

urlpatterns = [
    # First: the most requested address is matched without trying every other pattern
    # (nothing else here ends in ".html").
    path(
        "<slug:section>/<slug:slug>-<int:pk>.html",
        public_page(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("robots.txt", public_page(views.robots_txt), name="robots"),
    path("rss/", public_page(feeds.LatestArticlesFeed()), name="feed"),
    path("rss/<slug:section>/", public_page(feeds.SectionFeed()), name="section-feed"),
    path("sitemap.xml", public_page(sitemaps.index), name="sitemap"),
    path("sitemap-news.xml", public_page(sitemaps.news), name="sitemap-news"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemaps.section, query_params=("p",)),
        name="sitemap-section",
    ),
    path("nhan-vat/<slug:slug>/", public_page(views.PersonView.as_view()), name="person"),
    path(
        "to-chuc/<slug:slug>/", public_page(views.OrganizationView.as_view()), name="organization"
    ),
    path("tac-gia/<slug:slug>/", public_page(views.AuthorView.as_view()), name="author"),
    path("xem-truoc/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("chu-de/<slug:tag>/", public_page(views.TagView.as_view()), name="tag"),
    path("<slug:section>/", public_page(views.SectionView.as_view()), name="section"),
]
