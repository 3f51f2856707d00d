"""selectors.NewestAmong: a person's articles, newest first, page by page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import selectors
from articles.models import ArticleStatus

from .factories import make_article, make_article_photo, make_person, make_section, mention_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """12 articles about one person: mentioned, pictured, both, unconfirmed, not yet readable."""
    person, other = make_person("Hoàng Văn Nghiệm"), make_person("Lương Thị Huệ")
    section = make_section("Thời sự")
    now = timezone.now()
    expected = []
    for hour in range(12):
        kind = hour % 4
        published = hour != 5  # a draft
        article = make_article(
            f"Bài {hour}",
            section=section,
            published=published,
            published_at=now - timedelta(hours=hour + 1) if published else None,
        )
        if kind in (0, 2):
            mention_person(article, person)
        if kind in (1, 2):
            make_article_photo(article, photo=None).people.add(person)
        if kind == 3:
            mention_person(article, person, confirmed=False)  # not confirmed: not listed
            mention_person(article, other)
        if kind != 3 and published:
            expected.append(article)
    scheduled = make_article("Bài hẹn giờ", section=section, published_at=now + timedelta(hours=2))
    mention_person(scheduled, person)
    unpublished = make_article("Bài đã gỡ", section=section, status=ArticleStatus.UNPUBLISHED)
    mention_person(unpublished, person)
    return person, expected


def test_pages_hold_the_newest_articles_mentioning_or_showing_the_person(archive):
    person, expected = archive
    found = selectors.articles_mentioning_person(person)
    assert len(expected) == 8
    assert found[0:3] == expected[0:3]
    assert found[3:6] == expected[3:6]
    assert found[6:9] == expected[6:8]
    assert found[9:12] == []


def test_an_article_both_mentioning_and_showing_the_person_appears_once(archive):
    person, expected = archive
    found = selectors.articles_mentioning_person(person)[0:20]
    assert len(found) == len({article.pk for article in found}) == len(expected)


def test_a_person_never_named_has_no_articles(archive):
    nobody = make_person("Nông Văn Vắng")
    found = selectors.articles_mentioning_person(nobody)
    assert found[0:20] == []


def test_only_slices_are_taken(archive):
    with pytest.raises(TypeError):
        selectors.articles_mentioning_person(archive[0])[0]
