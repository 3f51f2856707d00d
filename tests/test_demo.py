"""``manage.py load_demo``: sizes, coherence and idempotence of the demo newsroom."""

import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from articles.demo import DEMO_ACCOUNTS, demo_counts, demo_password, load_demo
from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
)
from articles.roles import (
    ROLE_EDITOR,
    ROLE_EDITOR_IN_CHIEF,
    ROLE_REPORTER,
    ROLE_RESEARCHER,
)
from newsroom.text import fold, normalize
from organizations.models import Organization
from people.models import Author, Person, Position

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded by the command, then again a day later; rolled back after the module."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER),
    ):
        with transaction.atomic():
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            first = demo_counts()
            photo_files = sorted(p.name for p in media.rglob("*.jpg"))
            second = load_demo(now=timezone.now() + timedelta(days=1))
            yield {
                "output": output.getvalue(),
                "first": first,
                "second": second,
                "photo_files": photo_files,
                "media": media,
            }
            transaction.set_rollback(True)


def test_a_second_run_duplicates_nothing(demo):
    assert demo["second"].counts == demo["first"], "row counts changed on the second run"
    assert sorted(p.name for p in demo["media"].rglob("*.jpg")) == demo["photo_files"]


def test_sizes_meet_the_minimums(demo):
    counts = demo["first"]
    assert counts["tổ chức"] >= 40
    assert counts["nhân vật"] >= 30
    assert counts["tác giả"] >= 6
    assert counts["bài viết"] >= 40
    assert Article.objects.published().count() >= 40


def test_organization_tree_has_five_levels_and_abbreviations(demo):
    depths = set(Organization.objects.values_list("depth", flat=True))
    assert depths == {0, 1, 2, 3, 4}
    cell = Organization.objects.filter(depth=4).first()
    chain = [o.kind for o in [*cell.get_ancestors(), cell]]
    assert chain[0] == "central_body" and chain[1] == "provincial_committee"
    assert chain[-1] == "party_cell"
    kccq = Organization.objects.get(abbreviation="KCCQ")
    assert kccq.name == "Đảng ủy Khối các cơ quan tỉnh"
    assert Organization.objects.get(abbreviation="KDN").name == "Đảng ủy Khối Doanh nghiệp tỉnh"
    assert Organization.objects.get(short_name="Tỉnh ủy").kind == "provincial_committee"
    assert Organization.objects.get(short_name="HĐND tỉnh").abbreviation == "HĐND"
    assert list(Organization.objects.search("dang uy kccq tinh")) == [kccq]
    for kind in ("peoples_council", "peoples_committee", "fatherland_front", "state_department"):
        assert Organization.objects.filter(kind=kind, level="province").exists(), kind


def test_the_2025_reform_renames_merges_and_ends_districts(demo):
    renamed = Organization.objects.get(name="Đảng bộ thị trấn Đồng Đăng")
    assert renamed.dissolved_on == date(2025, 6, 30)
    assert renamed.successor.name == "Đảng bộ xã Đồng Đăng"
    assert renamed.successor.founded_on == date(2025, 7, 1)
    merged = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy")
    assert {o.name for o in merged.predecessors.all()} == {
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
    }
    assert all(o.dissolved_on < merged.founded_on for o in merged.predecessors.all())
    districts = Organization.objects.filter(kind="district_committee")
    assert districts.count() >= 5
    assert set(districts.values_list("dissolved_on", flat=True)) == {date(2025, 6, 30)}
    assert not districts.active_on(date(2025, 7, 1)).exists()
    assert districts.active_on(date(2025, 6, 30)).count() == districts.count()


def test_people_positions_change_over_the_terms(demo):
    terms = set(Position.objects.values_list("term", flat=True))
    assert {"2015–2020", "2020–2025", "2025–2030", "2021–2026"} <= terms
    changing = Person.objects.annotate(n=Count("positions__started_on", distinct=True)).filter(
        n__gte=2
    )
    assert changing.count() >= 20
    assert Person.objects.exclude(aliases="").count() >= 3
    # Who was Phó Bí thư Thường trực Tỉnh ủy: one person before the 2025 congress, another after.
    holders = {
        day: list(
            Position.objects.held_on(day)
            .filter(title="Phó Bí thư Thường trực", organization__short_name="Tỉnh ủy")
            .values_list("person__full_name", flat=True)
        )
        for day in (date(2025, 5, 14), date(2025, 11, 1))
    }
    assert len(holders[date(2025, 5, 14)]) == len(holders[date(2025, 11, 1)]) == 1
    assert holders[date(2025, 5, 14)] != holders[date(2025, 11, 1)]


def test_names_are_normalized_and_two_differ_only_by_a_tone_mark(demo):
    names = list(Person.objects.values_list("full_name", flat=True))
    assert all(normalize(name) == name for name in names)
    folded = Counter(fold(name) for name in names)
    twins = [name for name in names if folded[fold(name)] > 1]
    assert len(twins) >= 2
    assert len(set(twins)) == len(twins)  # distinct people, distinct spellings
    family = Counter(name.split()[0] for name in names)
    assert {"Hoàng", "Lương", "Nông", "Vi", "Lăng", "Triệu"} <= set(family)


def test_authors_sections_and_accounts(demo):
    assert Author.objects.count() >= 6
    assert Author.objects.filter(user__username="phongvien").exists()
    names = set(Section.objects.values_list("name", flat=True))
    assert {
        "Thời sự",
        "Chính trị",
        "Kinh tế",
        "Xã hội",
        "Văn hóa",
        "Quốc phòng – An ninh",
    } <= names
    roles = {
        "phongvien": ROLE_REPORTER,
        "bientapvien": ROLE_EDITOR,
        "tongbientap": ROLE_EDITOR_IN_CHIEF,
        "tracuu": ROLE_RESEARCHER,
    }
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        for username, role in roles.items():
            user = authenticate(username=username, password=demo_password(username))
            assert user is not None and user.is_staff and not user.is_superuser
            assert list(user.groups.values_list("name", flat=True)) == [role]
        admin = authenticate(username="admin", password=demo_password("admin"))
        assert admin is not None and admin.is_superuser
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)


def test_the_command_prints_the_demo_passwords(demo):
    output = demo["output"]
    assert "CHỈ DÙNG CHO BẢN DEMO" in output
    for username, *_ in DEMO_ACCOUNTS:
        assert f"{username:<12} {demo_password(username)}" in output


def test_articles_span_two_years_and_end_near_today(demo):
    published = Article.objects.published()
    oldest = published.order_by("published_at").first().published_at
    newest = published.first().published_at
    now = timezone.now()
    assert newest >= now - timedelta(days=3)
    assert (newest - oldest).days >= 700
    statuses = Counter(Article.objects.values_list("status", flat=True))
    assert statuses[ArticleStatus.DRAFT] >= 1
    assert statuses[ArticleStatus.REVIEW] >= 1
    assert statuses[ArticleStatus.UNPUBLISHED] >= 1
    assert Article.objects.scheduled().exists()
    assert published.count() > 0.8 * Article.objects.count()
    assert all(a.lead and a.body.startswith("<p>") for a in Article.objects.all())
    assert all(a.section_id and a.tags.exists() for a in published)
    assert Article.objects.filter(related_articles__isnull=False).distinct().count() >= 10


def test_every_article_has_one_to_three_bylines(demo):
    counts = Article.objects.annotate(n=Count("bylines")).values_list("n", flat=True)
    assert set(counts) <= {1, 2, 3}
    assert {1, 2, 3} <= set(counts)


def test_photos_are_generated_jpegs_and_captions_name_the_people_shown(demo, settings):
    settings.MEDIA_ROOT = demo["media"]
    photos = Photo.objects.all()
    assert photos.count() >= 40
    # Stored, not measured from the file each time a page loads the row.
    assert set(photos.values_list("width", "height")) == {(1600, 1067)}
    for photo in photos:
        assert (photo.width, photo.height) == (1600, 1067)
        with Image.open(photo.image.path) as image:
            assert image.format == "JPEG" and image.size == (1600, 1067)
    assert ArticlePhoto.objects.values("photo").annotate(n=Count("id")).filter(n__gt=1).exists()
    people = {p.full_name: p for p in Person.objects.all()}
    with_people = 0
    for usage in ArticlePhoto.objects.prefetch_related("people"):
        shown = set(usage.people.all())
        named = {person for name, person in people.items() if name in usage.caption}
        assert named <= shown, usage.caption
        with_people += bool(shown)
    assert with_people >= 0.7 * ArticlePhoto.objects.count()
    assert all(a.featured_photo_id for a in Article.objects.published())


def test_mentions_cite_positions_held_on_the_article_date(demo):
    mentions = PersonMention.objects.select_related("article", "person").prefetch_related(
        "positions"
    )
    assert mentions.count() >= 80
    cited_any = 0
    for mention in mentions:
        assert mention.confirmed
        day = mention.article.reference_date
        held = set(Position.objects.held_on(day).filter(person=mention.person))
        cited = set(mention.positions.all())
        assert cited <= held, (mention, day)
        cited_any += bool(cited)
        text = f"{mention.article.title} {mention.article.lead} {mention.article.body}"
        text += " ".join(mention.article.article_photos.values_list("caption", flat=True))
        assert mention.span_text in text
    assert cited_any >= 0.8 * mentions.count()


def test_organization_mentions_are_confirmed_and_in_the_text(demo):
    mentions = OrganizationMention.objects.select_related("article", "organization")
    assert mentions.count() >= 40
    for mention in mentions:
        assert mention.confirmed
        article = mention.article
        text = f"{article.title} {article.lead} {article.body}"
        text += " ".join(article.article_photos.values_list("caption", flat=True))
        assert mention.span_text in text
