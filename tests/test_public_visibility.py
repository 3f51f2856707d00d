"""Readers never reach a draft, an article in review, one scheduled for later or one taken
down: not on any page, feed, sitemap, related list or JSON-LD."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus, Tag

from .factories import (
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_scene_photo,
    make_section,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db

HIDDEN_STATES = {
    "draft": {"status": ArticleStatus.DRAFT},
    "review": {"status": ArticleStatus.REVIEW},
    "unpublished": {
        "status": ArticleStatus.UNPUBLISHED,
        "published_at": timezone.now() - timedelta(hours=3),
    },
    "scheduled": {
        "status": ArticleStatus.PUBLISHED,
        "published_at": timezone.now() + timedelta(hours=3),
    },
}
SECRET = "Dự thảo nhân sự khóa mới chưa công bố"


@pytest.fixture(params=list(HIDDEN_STATES))
def world(request):
    """A visible article and a hidden one sharing section, author, people, tag and more."""
    section = make_section("Chính trị")
    author = make_author("Ngọc Hiếu")
    person = make_person("Triệu Quốc Bảo")
    organization = make_organization("Ban Tổ chức Tỉnh ủy")
    visible = make_article("Hội nghị cán bộ toàn tỉnh", section=section)
    make_byline(visible, author)
    mention_person(visible, person)
    mention_organization(visible, organization)
    visible.tags.add("Công tác cán bộ")

    fields = dict(HIDDEN_STATES[request.param])
    hidden = make_article(
        SECRET,
        published=False,
        section=section,
        featured_photo=make_scene_photo(width=300, height=200),
        **fields,
    )
    if "published_at" not in fields:  # a draft may carry a past time it once had
        hidden.published_at = timezone.now() - timedelta(hours=2)
        hidden.save()
    make_byline(hidden, author)
    mention_person(hidden, person)
    mention_organization(hidden, organization)
    hidden.tags.add("Công tác cán bộ", "Nhân sự chưa công bố")
    usage = make_article_photo(hidden, photo=make_scene_photo(width=300, height=200))
    usage.people.add(person)
    visible.related_articles.add(hidden)
    # Someone known only from the hidden article must not get a sitemap entry either.
    secret_person = make_person("Lộc Thị Hương")
    mention_person(hidden, secret_person)
    return {
        "state": request.param,
        "visible": visible,
        "hidden": hidden,
        "section": section,
        "author": author,
        "person": person,
        "organization": organization,
        "secret_person": secret_person,
    }


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_hidden_article_page_is_404(client, world):
    assert client.get(world["hidden"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "surface",
    ["home", "section", "author", "person", "organization", "tag", "related", "feed",
     "section_feed", "sitemap", "news_sitemap"],
)  # fmt: skip
def test_hidden_article_is_on_no_surface(client, world, surface):
    visible, hidden = world["visible"], world["hidden"]
    url = {
        "home": "/",
        "section": world["section"].get_absolute_url(),
        "author": world["author"].get_absolute_url(),
        "person": world["person"].get_absolute_url(),
        "organization": world["organization"].get_absolute_url(),
        "tag": None,
        "related": visible.get_absolute_url(),
        "feed": "/rss/",
        "section_feed": f"/rss/{world['section'].slug}/",
        "sitemap": "/sitemap-bai-viet.xml",
        "news_sitemap": "/sitemap-news.xml",
    }[surface]
    if surface == "tag":  # the tag both articles carry
        url = f"/chu-de/{Tag.objects.get(name='Công tác cán bộ').slug}/"
    page = get(client, url)
    # The visible article is there (sitemaps list addresses, not titles)...
    assert visible.title in page or visible.get_absolute_url() in page or surface == "related"
    # ...and nothing of the hidden one.
    assert SECRET not in page
    assert f"-{hidden.pk}.html" not in page
    if surface == "related":
        assert "Bài liên quan" not in page  # the only related article is hidden
    if surface == "person":
        # Nor its photo with the person's caption.
        assert hidden.featured_photo.image.url not in page
        assert hidden.article_photos.get().photo.image.url not in page


def test_json_ld_of_visible_article_names_no_hidden_article(client, world):
    page = get(client, world["visible"].get_absolute_url())
    json_ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert SECRET not in json_ld and "Nhân sự chưa công bố" not in json_ld


def test_tag_used_only_by_hidden_articles_has_no_page(client, world):
    tag = Tag.objects.get(name="Nhân sự chưa công bố")
    assert client.get(f"/chu-de/{tag.slug}/").status_code == 404


def test_people_and_sitemaps_ignore_hidden_mentions(client, world):
    people = get(client, "/sitemap-nhan-vat.xml")
    assert world["person"].get_absolute_url() in people
    assert world["secret_person"].get_absolute_url() not in people
    authors = get(client, "/sitemap-tac-gia.xml")
    assert world["author"].get_absolute_url() in authors


def test_scheduled_article_appears_when_its_time_comes(client):
    article = make_article(SECRET, published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert SECRET not in get(client, "/")
    article.published_at = timezone.now() - timedelta(seconds=1)  # its moment has passed
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert SECRET in get(client, "/")
    assert SECRET in get(client, "/rss/")
    assert SECRET in get(client, "/sitemap-news.xml")
