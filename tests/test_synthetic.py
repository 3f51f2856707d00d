"""The synthetic newsroom builder (manage.py build_synthetic) used by the benchmarks."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags

from articles.models import Article, ArticlePhoto, Byline, OrganizationMention, PersonMention
from articles.search import SearchCriteria, search_articles
from newsroom.text import fold
from organizations.models import Organization
from people.models import Author, Person, Position

from .factories import make_article

pytestmark = pytest.mark.django_db

SMALL = ["--articles", "400", "--people", "60", "--organizations", "700", "--authors", "6"]


@pytest.fixture
def built():
    call_command("build_synthetic", *SMALL, verbosity=0)


def test_sizes_and_shape(built):
    assert Article.objects.count() == 400
    assert Person.objects.count() == 60
    assert Organization.objects.count() == 700
    assert Author.objects.count() == 6
    assert Position.objects.exists() and Byline.objects.count() >= 400
    province = Organization.objects.get(short_name="Tỉnh ủy")
    assert province.get_descendants().count() >= 500
    assert Organization.objects.filter(successor__isnull=False).exists()
    assert Organization.objects.order_by("-depth").first().depth >= 4


def test_rows_are_what_the_models_would_have_saved(built):
    article = Article.objects.order_by("?").first()
    assert article.search_document == fold(
        "\n".join([article.title, article.lead, strip_tags(article.body)])
    )
    assert article.lead.startswith("LSO-")
    person = Person.objects.first()
    assert person.search_name == fold(person.full_name)
    organization = Organization.objects.exclude(parent=None).first()
    assert organization.path == f"{organization.parent.path}{organization.pk}/"
    # New rows get fresh ids after the bulk load.
    assert make_article("Bài mới").pk > 400


def test_popularity_is_skewed(built):
    per_person = Counter(PersonMention.objects.values_list("person_id", flat=True))
    counts = sorted(per_person.values(), reverse=True)
    assert counts[0] >= 10 * counts[len(counts) // 2]
    per_org = Counter(OrganizationMention.objects.values_list("organization_id", flat=True))
    assert max(per_org.values()) >= 50
    assert ArticlePhoto.people.through.objects.exists()


def test_the_synthetic_newsroom_is_searchable(built):
    person = Person.objects.get(pk=1)
    page = search_articles(SearchCriteria(person=person))
    assert page.count > 10 and page.rows[0].positions
    assert search_articles(SearchCriteria(text=person.full_name.upper())).count > 0
    province = Organization.objects.get(short_name="Tỉnh ủy")
    assert search_articles(SearchCriteria(organization=province)).count > 100


def test_refuses_a_newsroom_with_data(built):
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("build_synthetic", *SMALL, verbosity=0)
    call_command("build_synthetic", *SMALL, "--if-empty", verbosity=0)
    assert Article.objects.count() == 400


def test_rejects_nonsense_sizes():
    with pytest.raises(CommandError):
        call_command("build_synthetic", "--articles", "0", verbosity=0)
