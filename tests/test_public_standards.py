"""What aggregators and search engines read: RSS, sitemaps, Google News, JSON-LD,
OpenGraph/Twitter, canonical links, robots.txt and the redirect after a retitle."""

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles import sitemaps

from .factories import (
    make_article,
    make_byline,
    make_province,
    make_rich_article,
    make_section,
)

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)


class HeadParser(HTMLParser):
    """Collects <meta>, <link rel=canonical> and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, {}, []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data


def head(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


# --- RSS ---------------------------------------------------------------------------------


def test_site_feed_is_valid_rss(client):
    article = make_rich_article(source_line="")
    root = xml(client, "/rss/")
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Báo Biên Cương – Tin mới nhất"
    assert channel.findtext("link") == f"{SITE}/"
    assert channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert len(items) == 3  # the article and its two related ones
    first = items[0]
    assert first.findtext("title") == article.title
    assert first.findtext("link") == f"{SITE}{article.get_absolute_url()}"
    assert first.findtext("guid") == first.findtext("link")
    assert first.findtext("description").startswith("LSO-Sáng nay (22/5)")
    assert first.findtext("dc:creator", namespaces=NS) == "Ngọc Hiếu – Thu Diễm – Minh Đức"
    categories = [c.text for c in first.findall("category")]
    assert categories[0] == "Thời sự" and "Đại hội Đảng" in categories
    published = parsedate_to_datetime(first.findtext("pubDate"))
    assert published == article.published_at.replace(microsecond=0)


def test_feed_is_newest_first_and_capped(client):
    section = make_section("Kinh tế")
    now = timezone.now()
    for i in range(35):
        make_article(f"Tin {i:02d}", section=section, published_at=now - timedelta(hours=i))
    items = xml(client, "/rss/").find("channel").findall("item")
    assert len(items) == 30
    assert [i.findtext("title") for i in items[:2]] == ["Tin 00", "Tin 01"]


def test_section_feed_has_only_that_section(client):
    news, economy = make_section("Thời sự"), make_section("Kinh tế")
    ours = make_article("Tin thời sự", section=news)
    theirs = make_article("Tin kinh tế", section=economy)
    channel = xml(client, "/rss/thoi-su/").find("channel")
    assert channel.findtext("title") == "Báo Biên Cương – Thời sự"
    assert channel.findtext("link") == f"{SITE}/thoi-su/"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [ours.title] and theirs.title not in titles
    assert client.get("/rss/khong-co/").status_code == 404


# --- Sitemaps ----------------------------------------------------------------------------


def test_sitemap_index_lists_every_sitemap(client):
    make_rich_article()
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [f"{SITE}/sitemap-{name}.xml" for name in sitemaps.SITEMAPS]
    lastmods = [s.findtext("sm:lastmod", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    assert lastmods[2]  # the article sitemap says when it last changed


def test_article_sitemap(client):
    article = make_rich_article()
    root = xml(client, "/sitemap-bai-viet.xml")
    urls = {u.findtext("sm:loc", namespaces=NS): u for u in root.findall("sm:url", NS)}
    entry = urls[f"{SITE}{article.get_absolute_url()}"]
    assert (
        entry.findtext("sm:lastmod", namespaces=NS)
        == timezone.localdate(article.updated_at).isoformat()
    )
    assert len(urls) == 3


def test_other_sitemaps(client):
    province = make_province()
    article = make_rich_article(province=province)
    sections = xml(client, "/sitemap-chuyen-muc.xml").findall("sm:url/sm:loc", NS)
    assert [loc.text for loc in sections] == [f"{SITE}{article.section.get_absolute_url()}"]
    people = {loc.text for loc in xml(client, "/sitemap-nhan-vat.xml").findall("sm:url/sm:loc", NS)}
    assert f"{SITE}{province['people'][0].get_absolute_url()}" in people
    assert f"{SITE}{province['people'][11].get_absolute_url()}" not in people  # never mentioned
    orgs = xml(client, "/sitemap-to-chuc.xml").findall("sm:url/sm:loc", NS)
    assert len(orgs) == 10
    home = xml(client, "/sitemap-trang-chu.xml").findall("sm:url/sm:loc", NS)
    assert [loc.text for loc in home] == [f"{SITE}/"]
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_big_sitemaps_are_paginated(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    section = make_section()
    for i in range(5):
        make_article(f"Bài {i}", section=section)
    locations = [loc.text for loc in xml(client, "/sitemap.xml").findall("sm:sitemap/sm:loc", NS)]
    assert f"{SITE}/sitemap-bai-viet.xml?p=3" in locations
    assert f"{SITE}/sitemap-bai-viet.xml?p=4" not in locations
    third = xml(client, "/sitemap-bai-viet.xml?p=3").findall("sm:url", NS)
    assert len(third) == 1
    assert client.get("/sitemap-bai-viet.xml?p=4").status_code == 404


def test_google_news_sitemap_has_the_last_two_days(client):
    section = make_section("Thời sự")
    now = timezone.now()
    fresh = make_article("Tin hôm nay", section=section, published_at=now - timedelta(hours=3))
    old = make_article("Tin ba ngày trước", section=section, published_at=now - timedelta(days=3))
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall("sm:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext("sm:loc", namespaces=NS) == f"{SITE}{fresh.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Báo Biên Cương"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "vi"
    assert news.findtext("news:title", namespaces=NS) == "Tin hôm nay"
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == fresh.published_at
    assert old.get_absolute_url() not in client.get("/sitemap-news.xml").content.decode()


def test_robots_txt_points_to_the_sitemaps(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in body and f"Sitemap: {SITE}/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body


# --- JSON-LD, OpenGraph, canonical ---------------------------------------------------------


def test_news_article_json_ld(client):
    article = make_rich_article()
    article.published_at = datetime(2021, 3, 2, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    article.save()
    parsed = head(client, article.get_absolute_url())
    assert len(parsed.json_ld) == 1
    data = json.loads(parsed.json_ld[0])
    url = f"{SITE}{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == "2021-03-02T08:15:00+07:00"
    assert datetime.fromisoformat(data["dateModified"]) >= article.published_at
    assert len(data["image"]) == 5 and all(i.startswith(f"{SITE}/media/") for i in data["image"])
    assert data["author"] == [
        {"@type": "Person", "name": "Ngọc Hiếu", "url": f"{SITE}/tac-gia/ngoc-hieu/"},
        {"@type": "Person", "name": "Thu Diễm", "url": f"{SITE}/tac-gia/thu-diem/"},
        {"@type": "Person", "name": "Minh Đức", "url": f"{SITE}/tac-gia/minh-duc/"},
    ]
    assert data["publisher"]["name"] == "Báo Biên Cương"
    assert data["publisher"]["logo"]["url"] == f"{SITE}/static/logo.png"
    assert data["articleSection"] == "Thời sự" and len(data["keywords"]) == 10
    assert data["inLanguage"] == "vi"


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = 'Vụ "</script><script>alert(1)</script>" & <b>'
    article = make_article(hostile, lead="Sapo </script> có thẻ")
    make_byline(article)
    page = client.get(article.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == hostile
    assert "<script>alert(1)" not in page


def test_opengraph_twitter_and_canonical(client):
    article = make_rich_article()
    parsed = head(client, article.get_absolute_url())
    url = f"{SITE}{article.get_absolute_url()}"
    assert parsed.links["canonical"] == url
    meta = parsed.meta
    assert meta["og:type"] == ["article"] and meta["og:url"] == [url]
    assert meta["og:title"] == [article.title] and meta["og:locale"] == ["vi_VN"]
    assert meta["og:description"][0].startswith("Sáng nay (22/5)")
    assert meta["og:image"][0].startswith(f"{SITE}/media/photos/")
    assert meta["article:section"] == ["Thời sự"] and len(meta["article:tag"]) == 10
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == meta["og:image"]


def test_list_pages_have_canonical_and_opengraph(client):
    article = make_article(section=make_section("Kinh tế"))
    for url in ["/", "/kinh-te/"]:
        parsed = head(client, url)
        assert parsed.links["canonical"] == f"{SITE}{url}"
        assert parsed.meta["og:type"] == ["website"]
        assert parsed.meta["og:image"] == [f"{SITE}/static/logo.png"]
        assert parsed.json_ld == []
    # Tracking parameters never reach the canonical address.
    shared = head(client, f"{article.get_absolute_url()}?fbclid=abc&zarsrc=1")
    assert shared.links["canonical"] == f"{SITE}{article.get_absolute_url()}"


# --- Permanent address ---------------------------------------------------------------------


def test_old_slug_redirects_permanently_after_a_retitle(client):
    article = make_article("Hội nghị sơ kết sáu tháng", section=make_section("Thời sự"))
    old_url = article.get_absolute_url()
    article.title = "Hội nghị sơ kết sáu tháng đầu năm 2025"
    article.slug = ""  # a retitle makes a new slug; the id in the address stays
    article.save()
    new_url = article.get_absolute_url()
    assert new_url != old_url and new_url.endswith(f"-{article.pk}.html")
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def test_moved_section_redirects_permanently(client):
    article = make_article(section=make_section("Thời sự"))
    old_url = article.get_absolute_url()
    article.section = make_section("Chính trị")
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_unknown_id_is_404_not_a_redirect(client):
    make_article(section=make_section("Thời sự"))
    assert client.get("/thoi-su/bai-khong-co-999999.html").status_code == 404
