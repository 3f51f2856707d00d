"""Odd input never breaks the search: empty, very long, SQL and LIKE metacharacters,
punctuation only, emoji, mixed scripts, anything hypothesis can think of."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.search import SearchCriteria, parse_text, search_articles, snippet, suggest_people

from .factories import make_article, make_person, make_user_with_permission

pytestmark = pytest.mark.django_db


ODD = [
    "",
    " ",
    "a" * 10_000,
    "hoàng " * 2_000,
    "%",
    "_",
    "'",
    "\\",
    "%_'\\",
    "100%",
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    "!!! ... ,,, ;;; ---",
    '“”«»"""',
    '"',
    '"hoàng',
    "😀",
    "🇻🇳 Hà Nội 😀",
    "Nghiệm北京Москва ١٢٣ ﷺ",
    "ｈｏａｎｇ　ｖａｎ",  # full-width letters and space
    "\u200b\u200d\ufeff",
    "Ho\u0300ng",  # a stray combining mark
    "x\x00y",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "ß ǅ İ ﬁ",
]

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def small_newsroom():
    person = make_person("Hoàng Văn Nghiệm")
    article = make_article(
        "Đồng chí Hoàng Văn Nghiệm thăm hội chợ 100% hàng Việt",
        lead="LSO-Giá 50% _giảm_ \\ 'đặc biệt' 😀 北京.",
    )
    return person, article


@pytest.mark.parametrize("text", ODD)
def test_odd_text_is_a_sensible_answer(small_newsroom, text):
    for order in ("date", "relevance"):
        for published_only in (False, True):
            page = search_articles(
                SearchCriteria(text=text, order=order, published_only=published_only)
            )
            assert page.count >= 0 and page.count_label
    suggest_people(text)
    parse_text(text)


def test_metacharacters_are_literal_not_wildcards(small_newsroom):
    # "%" and "_" are punctuation here, never LIKE wildcards: alone they are no query at all
    # (the pages say so), and they do not widen a word.
    assert SearchCriteria(text="%").text_ignored and SearchCriteria(text="_").text_ignored
    assert search_articles(SearchCriteria(text="% hoàng")).count == 1
    assert search_articles(SearchCriteria(text="50%")).count == 1
    assert search_articles(SearchCriteria(text="h_i")).count == 0
    assert search_articles(SearchCriteria(text="'dac biet'")).count == 1
    assert search_articles(SearchCriteria(text="北京")).count == 1
    assert search_articles(SearchCriteria(text="a" * 10_000)).count == 0


@given(text=st.text(max_size=300))
@example(text="a" * 10_000)
@example(text="%_'\\")
@SETTINGS
def test_any_text_never_raises(small_newsroom, text):
    query = parse_text(text)
    assert all(len(word) <= 64 for word in query.terms)
    page = search_articles(SearchCriteria(text=text, order="relevance"))
    assert page.count >= 0
    suggest_people(text)
    snippet(text, query.sequences)


@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
@example(text="%_'\\")
@example(text="😀")
@SETTINGS
def test_any_text_on_the_pages(client, small_newsroom, text):
    researcher = make_user_with_permission("view_staff_search")
    client.force_login(researcher)
    for url in (reverse("search:public"), reverse("search:staff_search")):
        response = client.get(url, {"q": text, "order": "relevance"})
        assert response.status_code == 200, (url, text)
    for url in (reverse("search:person_autocomplete"), reverse("search:organization_autocomplete")):
        assert client.get(url, {"term": text}).status_code == 200
    response = client.get(reverse("search:staff_export"), {"q": text})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        b"".join(response.streaming_content)
