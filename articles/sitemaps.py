"""sitemap.xml (an index of one sitemap per kind, paginated) and the Google News sitemap.

Addresses are built on SITE_URL, the same origin as canonical links and feeds,
whatever host or scheme the request came in on.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from . import selectors
from .models import Article
from .seo import absolute_url


class PublicSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        return None  # only the article sitemap has dates, and it asks the database for them


class HomeSitemap(PublicSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class SectionSitemap(PublicSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return selectors.active_sections().only("slug")


class ArticleSitemap(PublicSitemap):
    def items(self):
        return Article.objects.published().for_sitemap().order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PersonSitemap(PublicSitemap):
    def items(self):
        return selectors.people_with_published_mentions().only("slug").order_by("pk")


class OrganizationSitemap(PublicSitemap):
    def items(self):
        return selectors.organizations_with_published_mentions().only("slug").order_by("pk")


class AuthorSitemap(PublicSitemap):
    def items(self):
        return selectors.authors_with_published_articles().only("slug").order_by("pk")


SITEMAPS = {
    "trang-chu": HomeSitemap,
    "chuyen-muc": SectionSitemap,
    "bai-viet": ArticleSitemap,
    "nhan-vat": PersonSitemap,
    "to-chuc": OrganizationSitemap,
    "tac-gia": AuthorSitemap,
}


def index(request):
    """The sitemap index: every page of every sitemap, on SITE_URL."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("articles:sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        pages = sitemap.paginator.num_pages
        entries.append(SitemapIndexItem(url, lastmod))
        entries.extend(SitemapIndexItem(f"{url}?p={page}", lastmod) for page in range(2, pages + 1))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml; charset=utf-8",
    )


def section(request, section):
    if section not in SITEMAPS:
        raise Http404("Không có sơ đồ trang này.")
    return sitemap_views.sitemap(
        request,
        sitemaps={section: SITEMAPS[section]},
        section=section,
        content_type="application/xml; charset=utf-8",
    )


def news(request):
    """Google News sitemap: published articles of the last two days."""
    articles = list(selectors.news_sitemap_articles())
    response = TemplateResponse(
        request,
        "articles/sitemap_news.xml",
        {
            "articles": articles,
            "publication_name": settings.SITE_NAME,
        },
        content_type="application/xml; charset=utf-8",
    )
    if articles:
        response["Last-Modified"] = http_date(max(a.updated_at for a in articles).timestamp())
    return response
