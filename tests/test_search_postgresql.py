"""On PostgreSQL, the search's queries are served by the indexes migration 0003 creates.

The newsroom here is small (a few hundred articles), and on a table of a few pages the planner
rightly prefers to read it whole: a sequential scan costs less than walking any index. So each
check runs with ``SET LOCAL enable_seqscan = off``, which does not force a particular index; it
only makes the planner show which index, if any, can serve the query as the engine writes it
(same column, same expression, same operator class). A query no index can serve still shows a
sequential scan then, and fails. At full size the planner picks these plans by itself:
``make bench`` prints them beside the timings.
"""

import pytest
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from articles import search
from articles.models import Article
from articles.search import (
    NEWEST_FIRST,
    Order,
    SearchCriteria,
    TextMatch,
    TrigramSimilar,
    parse_text,
    plan_search,
    ranked_tiers,
    search_articles,
)
from articles.synthetic import Sizes, build_newsroom
from organizations.models import Organization
from people.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]


@pytest.fixture
def newsroom():
    build_newsroom(Sizes(articles=400, people=80, organizations=300, authors=6), analyze=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")


def plan_of(queryset) -> str:
    with transaction.atomic():
        if not queryset.query.is_sliced:
            queryset = queryset.order_by()
        return queryset.explain()


def test_free_text_uses_the_gin_index(newsroom):
    text = plan_search(SearchCriteria(text="dang uy")).full.values("pk")
    assert "article_search_vector_gin" in plan_of(text)


def test_phrase_uses_the_gin_indexes(newsroom):
    phrase = plan_search(SearchCriteria(text='"dang uy khoi"')).full.values("pk")
    plan = plan_of(phrase)
    assert "search_ngrams @@ '''dang_uy_khoi'''::tsquery" in plan
    assert "article_search_ngrams_gin" in plan or "article_search_vector_gin" in plan
    # The n-gram index serves the n-gram condition the engine writes, when it is the selective one.
    pairs = Article.objects.filter(
        RawSQL("search_ngrams @@ %s::tsquery", ["uy_khoi"], output_field=BooleanField())
    )
    assert "article_search_ngrams_gin" in plan_of(pairs.values("pk"))


def test_title_tier_uses_the_title_lead_index(newsroom):
    criteria = SearchCriteria(text="cong tac", order=Order.RELEVANCE)
    title_tier = ranked_tiers(criteria, Article.objects.all())[0][0]
    assert "article_search_title_lead_gin" in plan_of(title_tier.order_by().values("pk"))


def test_newest_first_walks_the_order_index(newsroom):
    newest = Article.objects.filter(TextMatch(parse_text("dang"))).order_by(*NEWEST_FIRST)[:21]
    assert "article_published_order_idx" in plan_of(newest)


def test_person_uses_the_mention_and_caption_indexes(newsroom):
    person = Person.objects.get(pk=1)
    plan = plan_of(plan_search(SearchCriteria(person=person)).full.values("pk"))
    # The covering (person, confirmed, article) index or the plain foreign key index.
    assert "personmention_person_idx" in plan or "articles_personmention_person_id" in plan
    # The (person, photo) index of migration 0007, or the plain foreign key index.
    assert "articlephoto_people_person_photo_idx" in plan or (
        "articles_articlephoto_people_person_id" in plan
    )


def test_captions_of_a_person_can_be_read_from_indexes_alone(newsroom):
    # Migration 0007: a person's photos, then each photo's article, without visiting the
    # tables. The planner takes these index-only scans once VACUUM has marked the pages all
    # visible, which a test's transaction cannot do; so the checks here are that the indexes
    # hold what the caption source reads, and that its every step goes through an index.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('articlephoto_people_person_photo_idx', 'articlephoto_id_article_idx')"
        )
        indexes = dict(cursor.fetchall())
    assert "(person_id, articlephoto_id)" in indexes["articlephoto_people_person_photo_idx"]
    assert "(id) INCLUDE (article_id)" in indexes["articlephoto_id_article_idx"]
    captions = search.person_filter(Person.objects.get(pk=1)).sources[1]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + captions.ids, captions.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan


def test_organization_with_sub_organizations_uses_path_and_mention_indexes(newsroom):
    district = Organization.objects.filter(name__startswith="Huyện ủy").first()
    plan = plan_of(plan_search(SearchCriteria(organization=district)).full.values("pk"))
    assert "org_path_idx" in plan  # the subtree: one prefix scan of the tree paths
    criteria = SearchCriteria(organization=district, include_suborganizations=False)
    plan = plan_of(plan_search(criteria).full.values("pk"))
    assert "orgmention_org_idx" in plan or "articles_organizationmention_organization_id" in plan


def test_name_lookups_use_trigram_indexes(newsroom):
    people = Person.objects.filter(search_name__contains="nghiem").values("pk")
    assert "person_search_name_trgm" in plan_of(people)
    similar = Person.objects.filter(TrigramSimilar("search_name", "hoang van ngiem"))
    assert "person_search_name_trgm" in plan_of(similar.values("pk"))
    organizations = Organization.objects.filter(search_name__contains="kccq").values("pk")
    assert "organization_search_name_trgm" in plan_of(organizations)


def test_trigger_keeps_the_search_columns_in_step(newsroom):
    article = Article.objects.order_by("pk").first()
    article.title = "Hội chợ hồi quế Khuổi Phặc"
    article.save()
    criteria = SearchCriteria(text='"hoi que khuoi"', order=Order.RELEVANCE)
    page = search_articles(criteria)
    assert [row.article.pk for row in page.rows] == [article.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_title_lead::text, search_ngrams @@ 'hoi_que_khuoi'::tsquery "
            "FROM articles_article WHERE id = %s",
            [article.pk],
        )
        title_lead, has_pair = cursor.fetchone()
    assert "'khuoi':5A" in title_lead and has_pair
