"""Every public page makes a fixed number of SQL queries, however many items it shows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.selectors import menu_sections

from .factories import (
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_position,
    make_rich_article,
    make_scene_photo,
    make_section,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db

# The pinned counts. A change here is a change of the page's data access: explain it.
# The section menu comes from the cache (selectors.menu_sections()): one query after a
# section changes, then none; the counts are those of every page after that one.
# The article page is one statement (articles/documents.py): the article with its section,
# photos and their renditions, bylines, people with their positions, organizations, tags and
# related articles. A list of articles is one statement too (documents.Cards: the rows with
# their sections, featured photos and renditions).
ARTICLE_PAGE = 1
LIST_PAGES = {
    # Lists are never counted: a page reads one row more to know whether another follows.
    "home": 2,  # latest, one query for every section block (sections: the cached menu)
    "section": 1,  # the page (the section itself is found in the cached menu)
    "tag": 3,  # tag, exists (an unused tag has no page), page
    "author": 2,  # author, page
    # One statement for the person with positions and photos, or for the organization with
    # successor, ancestors, children, predecessors and officials (documents.py); the page.
    "person": 2,
    "organization": 2,
    "sub_organization": 2,
    "feed": 3,  # articles, bylines+authors, tags
    "section_feed": 4,  # + the section
    "sitemap_index": 6,  # a count per sitemap from the database, the articles' latest change
    "sitemap_articles": 2,  # count, page
    "sitemap_people": 2,
    "news_sitemap": 1,
}


def count_queries(client, url) -> int:
    menu_sections()  # the menu is cached after the first page (see test_menu_is_cached)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def build(n: int):
    """``n`` published articles touching every list page: one section, author, tag, person
    (mentioned and pictured), and organization (through a sub-organization)."""
    section = make_section("Thời sự")
    make_section("Kinh tế")
    author = make_author("Ngọc Hiếu")
    person = make_person("Hoàng Thị Mai")
    province = make_organization("Tỉnh ủy Biên Cương")
    district = make_organization("Huyện ủy Bản Lìm", parent=province)
    make_organization("Đảng ủy xã Nà Pàn", parent=district)
    make_position(person, province, "Bí thư", started_on=timezone.localdate() - timedelta(days=9))
    make_position(person, district, "Bí thư", ended_on=timezone.localdate() - timedelta(days=10))
    now = timezone.now()
    for i in range(n):
        article = make_article(
            f"Bài {i}",
            section=section,
            published_at=now - timedelta(hours=i + 1),
            featured_photo=make_scene_photo(width=40, height=30, seed=i),
        )
        make_byline(article, author)
        make_byline(article)
        mention_person(article, person)
        mention_organization(article, district)
        usage = make_article_photo(article, photo=make_scene_photo(width=40, height=30))
        usage.people.add(person)
        article.tags.add("Đại hội Đảng", f"Chủ đề {i}")
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": f"/chu-de/{article.tags.get(name='Đại hội Đảng').slug}/",
        "author": author.get_absolute_url(),
        "person": person.get_absolute_url(),
        "organization": province.get_absolute_url(),
        "sub_organization": district.get_absolute_url(),
        "feed": "/rss/",
        "section_feed": f"/rss/{section.slug}/",
        "sitemap_index": "/sitemap.xml",
        "sitemap_articles": "/sitemap-bai-viet.xml",
        "sitemap_people": "/sitemap-nhan-vat.xml",
        "news_sitemap": "/sitemap-news.xml",
    }


@pytest.mark.parametrize("size", [1, 50])
def test_list_pages_make_the_same_queries_for_1_and_50_items(client, size):
    urls = build(size)
    counts = {name: count_queries(client, url) for name, url in urls.items()}
    assert counts == LIST_PAGES


def test_article_page_with_many_related_rows(client, django_assert_num_queries):
    article = make_rich_article(photos=5, bylines=3, people=10, organizations=10, tags=10)
    assert article.article_photos.count() == 5 and article.bylines.count() == 3
    assert article.person_mentions.count() == 10 and article.organization_mentions.count() == 10
    assert article.tags.count() == 10 and article.related_articles.count() == 2
    menu_sections()
    with django_assert_num_queries(ARTICLE_PAGE):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert ARTICLE_PAGE <= 10  # the ceiling


def test_article_page_queries_do_not_grow_with_rows(client):
    small = make_rich_article("Bài ít ảnh", photos=1, bylines=1, people=1, organizations=1, tags=1)
    big = make_rich_article("Bài nhiều ảnh", photos=8, bylines=3, people=12, tags=12, related=6)
    assert count_queries(client, small.get_absolute_url()) == ARTICLE_PAGE
    assert count_queries(client, big.get_absolute_url()) == ARTICLE_PAGE


def test_menu_is_read_once_then_cached_until_a_section_changes(client):
    news = make_section("Thời sự", order=1)
    make_article("Bài đầu", section=news)
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/thoi-su/").status_code == 200
    assert len(cold) == LIST_PAGES["section"] + 1  # the menu, once
    assert count_queries(client, "/thoi-su/") == LIST_PAGES["section"]

    news.name = "Tin trong tỉnh"
    news.save()
    page = client.get("/thoi-su/").content.decode()
    assert "Tin trong tỉnh" in page and "Thời sự" not in page
    make_section("Kinh tế", order=2)
    assert "Kinh tế</a>" in client.get("/").content.decode()
    news.articles.all().delete()
    news.delete()
    assert client.get("/thoi-su/").status_code == 404
    assert "Tin trong tỉnh" not in client.get("/").content.decode()
