"""Model constraints, QuerySet methods and ``__str__`` of the whole domain model."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    ArticleStatus,
    ArticleTransition,
    BylineRole,
    Photo,
    Rendition,
    Section,
    Tag,
)
from organizations.models import Organization
from people.models import Author, Person, Position

from .factories import (
    day,
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_photo,
    make_position,
    make_section,
    make_user,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db


def integrity_error():
    """``pytest.raises(IntegrityError)`` inside a savepoint, so the test can go on."""

    class _Raises:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.raises = pytest.raises(IntegrityError)
            self.raises.__enter__()

        def __exit__(self, *exc):
            suppressed = self.raises.__exit__(*exc)
            self.atomic.__exit__(None, None, None)
            return suppressed

    return _Raises()


# Unique slugs


def test_slugs_are_vietnamese_aware_and_made_unique():
    first = make_organization("Đảng ủy Khối các cơ quan tỉnh")
    second = make_organization("Đảng ủy Khối các cơ quan tỉnh")
    assert first.slug == "dang-uy-khoi-cac-co-quan-tinh"
    assert second.slug == "dang-uy-khoi-cac-co-quan-tinh-2"
    assert make_person("Hoàng Văn Nghiệm").slug == "hoang-van-nghiem"
    assert make_person("Hoàng Văn Nghiêm").slug == "hoang-van-nghiem-2"
    assert make_author("Ngọc Hiếu").slug == "ngoc-hieu"
    assert make_section("Quốc phòng – An ninh").slug == "quoc-phong-an-ninh"
    assert make_article("Đồng Đăng đón xuân").slug == "dong-dang-don-xuan"


@pytest.mark.parametrize(
    "build",
    [
        lambda slug: Organization.objects.create(name="Tổ chức", slug=slug),
        lambda slug: Person.objects.create(full_name="Người", slug=slug),
        lambda slug: Author.objects.create(name=f"Bút danh {slug}x", slug=slug),
        lambda slug: Section.objects.create(name=f"Mục {slug}x", slug=slug),
        lambda slug: Article.objects.create(title="Bài", slug=slug),
    ],
    ids=["organization", "person", "author", "section", "article"],
)
def test_slug_is_unique_in_the_database(build):
    build("trung-slug")
    with integrity_error():
        build("trung-slug")


def test_author_name_and_section_name_are_unique():
    make_author("Thu Diễm")
    with integrity_error():
        Author.objects.create(name="Thu Diễm", slug="khac")
    make_section("Kinh tế")
    with integrity_error():
        Section.objects.create(name="Kinh tế", slug="khac")


def test_a_section_cannot_take_a_reserved_slug():
    section = Section(name="Nhân vật", slug="nhan-vat")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "trùng với một trang" in error.value.message_dict["slug"][0]


# Dates in order


def test_position_cannot_end_before_it_starts():
    person, organization = make_person(), make_organization()
    position = Position(
        person=person,
        organization=organization,
        title="Bí thư",
        started_on=date(2020, 10, 16),
        ended_on=date(2020, 10, 15),
    )
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in str(error.value)
    with integrity_error():
        position.save()
    # Equal dates (a one-day acting post) and open ends are fine.
    make_position(person, organization, started_on=day("16/10/2020"), ended_on=day("16/10/2020"))
    make_position(person, organization, started_on=None, ended_on=day("01/01/2000"))
    make_position(person, organization, started_on=day("01/01/2000"), ended_on=None)


def test_organization_cannot_be_dissolved_before_it_is_founded():
    organization = Organization(
        name="Đảng bộ xã Đồng Đăng", founded_on=date(2025, 7, 1), dissolved_on=date(2025, 6, 30)
    )
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "Ngày giải thể phải sau ngày thành lập." in str(error.value)
    with integrity_error():
        organization.save()
    make_organization("Cùng ngày", founded_on=date(2025, 7, 1), dissolved_on=date(2025, 7, 1))
    make_organization("Không rõ ngày lập", dissolved_on=date(2025, 6, 30))


def test_organization_cannot_succeed_itself():
    organization = make_organization("Huyện ủy Cao Lộc")
    organization.successor = organization
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "successor" in error.value.message_dict


def test_organization_cannot_move_under_its_grandchild():
    root = make_organization("Tỉnh ủy")
    child = make_organization("Huyện ủy Cao Lộc", parent=root)
    grandchild = make_organization("Đảng bộ thị trấn Đồng Đăng", parent=child)
    root.parent = grandchild
    with pytest.raises(ValidationError) as error:
        root.full_clean()
    assert "cấp dưới" in error.value.message_dict["parent"][0]


# One byline per author and role; one mention per person or organization


def test_one_byline_per_author_and_role():
    article, author = make_article(), make_author("Ngọc Hiếu")
    make_byline(article, author, role=BylineRole.TEXT)
    make_byline(article, author, role=BylineRole.PHOTO)  # the same journalist took the photos
    make_byline(make_article(), author, role=BylineRole.TEXT)  # and wrote another story
    with integrity_error():
        make_byline(article, author, role=BylineRole.TEXT)
    assert article.bylines.count() == 2


def test_one_mention_per_person_and_per_organization_in_an_article():
    article, person, organization = make_article(), make_person(), make_organization()
    mention_person(article, person)
    mention_organization(article, organization)
    with integrity_error():
        mention_person(article, person)
    with integrity_error():
        mention_organization(article, organization)


def test_one_rendition_per_size_and_format():
    photo = make_photo()
    Rendition.objects.create(photo=photo, width=800, height=533, format="jpeg", file="r/a.jpg")
    Rendition.objects.create(photo=photo, width=800, height=533, format="webp", file="r/a.webp")
    with integrity_error():
        Rendition.objects.create(photo=photo, width=800, height=533, format="jpeg", file="r/b.jpg")


# Published needs a time


def test_published_article_needs_a_publication_time():
    article = Article(title="Bài chưa có giờ", status=ArticleStatus.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Bài đã xuất bản phải có thời điểm xuất bản." in str(error.value)
    with integrity_error():
        article.save()
    for status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.UNPUBLISHED):
        Article.objects.create(title=f"Bài {status}", status=status)


# Article QuerySets


@pytest.fixture
def articles_by_status():
    now = timezone.now()
    past, future = now - timedelta(hours=1), now + timedelta(hours=1)
    return {
        "live": make_article("Đã đăng", published_at=past),
        "scheduled": make_article("Hẹn giờ", published_at=future),
        "draft": make_article("Nháp", published=False),
        "review": make_article("Chờ duyệt", published=False, status=ArticleStatus.REVIEW),
        "unpublished": make_article(
            "Đã gỡ", published=False, status=ArticleStatus.UNPUBLISHED, published_at=past
        ),
        "draft_with_time": make_article(
            "Nháp có giờ", published=False, status=ArticleStatus.DRAFT, published_at=past
        ),
    }


def test_published_shows_only_what_readers_may_see(articles_by_status):
    assert list(Article.objects.published()) == [articles_by_status["live"]]


def test_scheduled_articles_appear_when_their_time_comes(articles_by_status, settings):
    scheduled = articles_by_status["scheduled"]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert scheduled.is_scheduled and not scheduled.is_live
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    scheduled.refresh_from_db()
    assert scheduled in Article.objects.published()
    assert not Article.objects.scheduled().exists()
    assert scheduled.is_live and not scheduled.is_scheduled


def test_published_boundary_is_now():
    moment = timezone.now()
    article = make_article(published_at=moment)
    assert article in Article.objects.published()


def test_for_list_needs_one_query(django_assert_num_queries):
    photo = make_photo()
    for number in range(3):
        make_article(f"Bài {number}", featured_photo=photo)
    with django_assert_num_queries(1):
        rows = [(a.section.name, a.featured_photo.width) for a in Article.objects.for_list()]
    assert len(rows) == 3


def test_reference_date_is_the_local_publication_day():
    # 18:30 UTC on 21 May is 01:30 on 22 May in the newsroom.
    moment = datetime(2020, 5, 21, 18, 30, tzinfo=UTC)
    assert make_article(published_at=moment).reference_date == date(2020, 5, 22)
    draft = make_article(published=False)
    assert draft.reference_date == timezone.localdate(draft.created_at)


def test_article_url_uses_its_section():
    article = make_article("Tin biên giới", section=make_section("Thời sự"))
    assert article.get_absolute_url() == f"/thoi-su/tin-bien-gioi-{article.pk}.html"
    orphan = make_article("Không chuyên mục", section=None)
    orphan.section = None
    assert orphan.get_absolute_url().startswith("/bai-viet/")


# Positions held on a date


@pytest.fixture
def nghiem():
    tinh_uy = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    hdnd = make_organization("Hội đồng nhân dân tỉnh Lạng Sơn", short_name="HĐND tỉnh")
    person = make_person("Hoàng Văn Nghiệm")
    return {
        "person": person,
        "pbttt": make_position(
            person,
            tinh_uy,
            "Phó Bí thư Thường trực",
            started_on=day("15/10/2015"),
            ended_on=day("15/10/2020"),
            term="2015–2020",
            order=1,
        ),
        "chairman": make_position(
            person,
            hdnd,
            "Chủ tịch",
            started_on=day("28/06/2016"),
            ended_on=day("24/06/2021"),
            term="2016–2021",
            order=2,
        ),
        "member": make_position(person, tinh_uy, "Tỉnh ủy viên", started_on=None, order=3),
    }


def test_held_on_boundaries(nghiem):
    pbttt = nghiem["pbttt"]
    held = Position.objects.held_on
    assert pbttt in held(day("15/10/2015"))  # the first day counts
    assert pbttt in held(day("15/10/2020"))  # so does the last
    assert pbttt not in held(day("14/10/2015"))
    assert pbttt not in held(day("16/10/2020"))


def test_held_on_open_start_and_open_end(nghiem):
    member = nghiem["member"]  # no start, no end: held on any day
    assert member in Position.objects.held_on(date(1990, 1, 1))
    assert member in Position.objects.held_on(date(2090, 1, 1))
    open_end = make_position(started_on=day("01/07/2025"))
    assert open_end in Position.objects.held_on(date(2090, 1, 1))
    assert open_end not in Position.objects.held_on(day("30/06/2025"))
    open_start = make_position(ended_on=day("30/06/2025"))
    assert open_start in Position.objects.held_on(date(1990, 1, 1))
    assert open_start not in Position.objects.held_on(day("01/07/2025"))


def test_who_held_a_title_on_a_day_is_one_query(nghiem, django_assert_num_queries):
    successor = make_person("Nông Văn Khánh")
    make_position(
        successor,
        nghiem["pbttt"].organization,
        "Phó Bí thư Thường trực",
        started_on=day("16/10/2020"),
    )
    with django_assert_num_queries(1):
        holders = [
            p.person.full_name
            for p in Position.objects.held_on(day("22/05/2020"))
            .filter(title="Phó Bí thư Thường trực", organization__short_name="Tỉnh ủy")
            .select_related("person")
        ]
    assert holders == ["Hoàng Văn Nghiệm"]
    assert [
        p.person.full_name
        for p in Position.objects.held_on(day("22/05/2021")).filter(title="Phó Bí thư Thường trực")
    ] == ["Nông Văn Khánh"]


def test_current_positions(nghiem):
    assert list(Position.objects.filter(person=nghiem["person"]).current()) == [nghiem["member"]]


def test_positions_on_in_rank_order(nghiem, django_assert_num_queries):
    person = nghiem["person"]
    with django_assert_num_queries(1):
        printed = [str(p) for p in person.positions_on(day("22/05/2020"))]
    assert printed == [
        "Phó Bí thư Thường trực Tỉnh ủy",
        "Chủ tịch HĐND tỉnh",
        "Tỉnh ủy viên Tỉnh ủy",
    ]
    assert [str(p) for p in person.positions_on(day("01/01/2021"))] == [
        "Chủ tịch HĐND tỉnh",
        "Tỉnh ủy viên Tỉnh ủy",
    ]


def test_position_on_is_the_first_ranked_or_none(nghiem):
    person = nghiem["person"]
    assert person.position_on(day("22/05/2020")) == nghiem["pbttt"]
    assert person.position_on(day("01/01/2021")) == nghiem["chairman"]
    Position.objects.filter(pk=nghiem["member"].pk).delete()
    assert person.position_on(day("01/01/2030")) is None


# Organizations: active on a day, search


def test_active_on():
    always = make_organization("Tỉnh ủy")
    ended = make_organization("Huyện ủy Cao Lộc", dissolved_on=day("30/06/2025"))
    new = make_organization("Đảng bộ xã Đồng Đăng", founded_on=day("01/07/2025"))
    bounded = make_organization(
        "Ban Tuyên giáo và Dân vận", founded_on=day("01/03/2025"), dissolved_on=day("31/12/2025")
    )
    active = Organization.objects.active_on
    assert set(active(day("30/06/2025"))) == {always, ended, bounded}
    assert set(active(day("01/07/2025"))) == {always, new, bounded}
    assert set(active(day("28/02/2025"))) == {always, ended}
    assert set(active(day("31/12/2025"))) == {always, new, bounded}
    assert set(active(day("01/01/2026"))) == {always, new}


def test_organization_search_folds_name_short_name_abbreviation_and_aliases():
    kccq = make_organization(
        "Đảng ủy Khối các cơ quan tỉnh",
        abbreviation="KCCQ",
        aliases="Đảng ủy Khối các cơ quan (KCCQ) tỉnh\nĐảng bộ KCCQ tỉnh",
    )
    hdnd = make_organization(
        "Hội đồng nhân dân tỉnh Lạng Sơn", short_name="HĐND tỉnh", abbreviation="HĐND"
    )
    search = Organization.objects.search
    assert list(search("dang uy khoi")) == [kccq]
    assert list(search("ĐẢNG ỦY KHỐI CÁC CƠ QUAN")) == [kccq]
    assert list(search("kccq")) == [kccq]
    assert list(search("Đảng bộ KCCQ")) == [kccq]  # an alias
    assert list(search("hdnd")) == [hdnd]
    assert list(search("HĐND tỉnh")) == [hdnd]
    assert list(search("lang son")) == [hdnd]
    assert list(search("ubnd")) == []
    assert list(search("  ")) == []


def test_organization_search_and_slug_follow_a_rename():
    organization = make_organization("Đảng bộ thị trấn Đồng Đăng")
    organization.name = "Đảng bộ xã Đồng Đăng"
    organization.save(update_fields=["name"])
    assert list(Organization.objects.search("xa dong dang")) == [organization]
    assert not Organization.objects.search("thi tran").exists()


def test_lineage_follows_renames_and_mergers_both_ways():
    vinh_trai = make_organization("Đảng bộ phường Vĩnh Trại", dissolved_on=day("30/06/2025"))
    chi_lang = make_organization("Đảng bộ phường Chi Lăng", dissolved_on=day("30/06/2025"))
    merged = make_organization("Đảng bộ phường Lương Văn Tri", founded_on=day("01/07/2025"))
    Organization.objects.filter(pk__in=[vinh_trai.pk, chi_lang.pk]).update(successor=merged)
    vinh_trai.refresh_from_db()
    assert set(merged.lineage()) == {vinh_trai, chi_lang}
    assert set(vinh_trai.lineage()) == {merged, chi_lang}
    assert list(make_organization("Độc lập").lineage()) == []


def test_clean_normalizes_names():
    organization = Organization(name="Tỉnh  uỷ Lạng Sơn", short_name="Tỉnh uỷ")
    organization.full_clean()
    assert (organization.name, organization.short_name) == ("Tỉnh ủy Lạng Sơn", "Tỉnh ủy")
    person = Person(full_name="Hoàng Thị Thuý")
    person.full_clean()
    assert person.full_name == "Hoàng Thị Thúy"


# People search


def test_person_search_folds_diacritics_case_and_aliases():
    nghiem = make_person("Hoàng Văn Nghiệm")
    nghiem_2 = make_person("Hoàng Văn Nghiêm")
    kien = make_person("Vi Văn Kiên", aliases="Vy Văn Kiên")
    search = Person.objects.search
    # Folding merges names that differ only by a tone mark: search finds both.
    assert set(search("hoang van nghiem")) == {nghiem, nghiem_2}
    assert set(search("HOÀNG VĂN NGHIỆM")) == {nghiem, nghiem_2}
    assert list(search("vy van kien")) == [kien]
    assert list(search("Kiên")) == [kien]
    assert list(search("")) == []


def test_person_search_follows_a_rename_saved_with_update_fields():
    person = make_person("Hoàng Văn A")
    person.full_name = "Lộc Văn B"
    person.save(update_fields=["full_name"])
    assert list(Person.objects.search("loc van b")) == [person]
    author = make_author("Hải Đăng")
    author.name = "Hải Yến"
    author.save(update_fields=["name"])
    author.refresh_from_db()
    assert author.search_name == "hai yen"


# __str__


def test_position_prints_like_the_paper(nghiem):
    assert str(nghiem["pbttt"]) == "Phó Bí thư Thường trực Tỉnh ủy"
    assert str(nghiem["chairman"]) == "Chủ tịch HĐND tỉnh"
    board = make_organization("Ban Tổ chức Tỉnh ủy")  # no short name: the name is used
    assert str(make_position(organization=board, title="Trưởng")) == "Trưởng Ban Tổ chức Tỉnh ủy"


def test_str_of_every_model():
    organization = make_organization("Huyện ủy Cao Lộc")
    person = make_person("Hoàng Văn Nghiệm")
    author = make_author("Ngọc Hiếu")
    section = make_section("Chính trị")
    article = make_article("Kiểm tra đại hội tại Cao Lộc", section=section)
    assert str(organization) == "Huyện ủy Cao Lộc"
    assert str(person) == "Hoàng Văn Nghiệm"
    assert str(author) == "Ngọc Hiếu"
    assert str(section) == "Chính trị"
    assert str(article) == "Kiểm tra đại hội tại Cao Lộc"
    assert str(make_byline(article, author)) == "Ngọc Hiếu (Bài)"
    assert str(make_byline(article, author, role=BylineRole.PHOTO)) == "Ngọc Hiếu (Ảnh)"
    step = ArticleTransition.objects.create(
        article=article, from_status=ArticleStatus.DRAFT, to_status=ArticleStatus.REVIEW
    )
    assert str(step) == "Bản nháp → Chờ duyệt"
    first = ArticleTransition.objects.create(article=article, to_status=ArticleStatus.DRAFT)
    assert str(first) == "— → Bản nháp"
    usage = make_article_photo(article, caption="Đồng chí Hoàng Văn Nghiệm phát biểu")
    assert str(usage) == "Đồng chí Hoàng Văn Nghiệm phát biểu"
    assert str(mention_person(article, person)) == "Hoàng Văn Nghiệm – Kiểm tra đại hội tại Cao Lộc"
    assert (
        str(mention_organization(article, organization))
        == "Huyện ủy Cao Lộc – Kiểm tra đại hội tại Cao Lộc"
    )
    rendition = Rendition(photo=usage.photo, width=800, height=533, format="webp")
    assert str(rendition) == f"{usage.photo.pk} 800px webp"
    article.tags.add("Đại hội Đảng")
    assert str(Tag.objects.get()) == "Đại hội Đảng"


def test_str_of_a_photo_falls_back_from_caption_to_alt_text_to_file_name():
    assert str(make_photo(caption="Quang cảnh kỳ họp", alt_text="Hội trường")) == (
        "Quang cảnh kỳ họp"
    )
    assert str(make_photo(alt_text="Hội trường")) == "Hội trường"
    photo = make_photo(alt_text="")
    assert str(photo).startswith("photos/") and str(photo).endswith(".jpg")
    assert str(Photo(pk=7)) == "Ảnh #7"
    assert len(str(make_photo(caption="x" * 200))) == 80


# Photos and tags


def test_photo_stores_its_width_and_height():
    photo = make_photo(width=1600, height=1067, uploaded_by=make_user())
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1600, 1067)


def test_tag_slugs_fold_vietnamese_and_fit_the_tag_url():
    article = make_article()
    article.tags.add("Đại hội Đảng", "Đồng Đăng", "Quốc phòng – An ninh")
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert slugs == ["dai-hoi-dang", "dong-dang", "quoc-phong-an-ninh"]
    assert reverse("articles:tag", kwargs={"tag": "dai-hoi-dang"}) == "/chu-de/dai-hoi-dang/"
    assert list(Article.objects.filter(tags__slug="dong-dang")) == [article]


def test_tags_that_fold_alike_get_distinct_slugs():
    article = make_article()
    article.tags.add("Lộc", "Lọc")
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["loc", "loc-1"]
