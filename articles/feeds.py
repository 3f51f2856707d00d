"""RSS 2.0 feeds: the whole site (/rss/) and each section (/rss/<section>/)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from . import selectors
from .models import Article
from .seo import absolute_url

FEED_SIZE = 30


class VietnameseRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class LatestArticlesFeed(Feed):
    feed_type = VietnameseRssFeed
    language = "vi"

    def title(self, obj=None):
        return f"{settings.SITE_NAME} – Tin mới nhất"

    def description(self, obj=None):
        return f"Những bài viết mới nhất của {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url(reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:feed"))

    def base_items(self):
        return Article.objects.published().for_feed()

    def items(self, obj=None):
        return self.base_items()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The lead, escaped: readers render an RSS description as HTML, and a lead is text."""
        code = f"{item.dateline_code}-" if item.dateline_code else ""
        lead = item.lead.strip()
        return escape(lead if not code or lead.startswith(code) else f"{code}{lead}")

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = []
        for byline in item.bylines.all():
            if byline.author.name not in names:
                names.append(byline.author.name)
        return " – ".join(names) or None

    def item_categories(self, item):
        categories = [item.section.name] if item.section_id else []
        return categories + sorted(tag.name for tag in item.tags.all())


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section):
        return get_object_or_404(selectors.active_sections(), slug=section)

    def title(self, obj=None):
        return f"{settings.SITE_NAME} – {obj.name}"

    def description(self, obj=None):
        return obj.description or f"Bài viết chuyên mục {obj.name} của {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:section-feed", kwargs={"section": obj.slug}))

    def items(self, obj=None):
        return self.base_items().filter(section=obj)[:FEED_SIZE]
