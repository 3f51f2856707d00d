"""The search engine (articles/search.py): filters, combinations, folding, organizations,
positions cited, ranking, counting and snippets. Runs on SQLite and on PostgreSQL."""

import re
import unicodedata
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import ArticleStatus, BylineRole
from articles.search import (
    Order,
    SearchCriteria,
    capped_count,
    count_label,
    lineage_ids,
    parse_text,
    search_articles,
    search_queryset,
    snippet,
    suggest_organizations,
    suggest_people,
    trigram_similarity,
)
from organizations.models import OrganizationKind

from .factories import (
    at,
    day,
    make_article,
    make_author,
    make_byline,
    make_caption,
    make_organization,
    make_person,
    make_position,
    make_section,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db


def found(**criteria) -> set:
    """Ids of every article matching the criteria (staff scope unless published_only): by the
    queryset the export reads and by the page the search shows, which must agree."""
    criteria = SearchCriteria(**criteria)
    ids = set(search_queryset(criteria).values_list("pk", flat=True))
    page = search_articles(criteria, per_page=100)
    assert {row.article.pk for row in page.rows} == ids
    assert (page.count, page.count_is_estimate) == (len(ids), False)
    return ids


def titles(page) -> list[str]:
    return [row.article.title for row in page.rows]


@pytest.fixture
def newsroom():
    """A small newsroom: a province tree with a renamed bloc committee, two people whose names
    differ only by a tone mark, articles naming them in text, captions and bylines."""
    n = SimpleNamespace()
    n.politics = make_section("Chính trị")
    n.society = make_section("Xã hội")
    n.province = make_organization(
        "Ban Chấp hành Đảng bộ tỉnh", short_name="Tỉnh ủy", aliases="Tỉnh ủy\nĐảng bộ tỉnh",
        kind=OrganizationKind.PROVINCIAL_COMMITTEE,
    )  # fmt: skip
    n.bloc_new = make_organization(
        "Đảng ủy các cơ quan Đảng tỉnh", parent=n.province, founded_on=day("01/02/2025")
    )
    n.bloc = make_organization(
        "Đảng ủy Khối các cơ quan tỉnh", parent=n.province, abbreviation="KCCQ",
        short_name="Đảng ủy KCCQ tỉnh", dissolved_on=day("31/01/2025"), successor=n.bloc_new,
    )  # fmt: skip
    n.district = make_organization("Huyện ủy Cao Lộc", parent=n.province)
    n.town = make_organization("Đảng bộ thị trấn Đồng Đăng", parent=n.district)
    n.cell = make_organization("Chi bộ Khu 1", parent=n.town)
    n.council = make_organization(
        "Hội đồng nhân dân tỉnh", short_name="HĐND tỉnh", abbreviation="HĐND",
        kind=OrganizationKind.PEOPLES_COUNCIL,
    )  # fmt: skip
    n.nghiem = make_person("Hoàng Văn Nghiệm", aliases="Nghiệm Hoàng")
    n.nghiem_other = make_person("Hoàng Văn Nghiêm")
    n.journalist = make_person("Nguyễn Ngọc Hiếu", aliases="Ngọc Hiếu")
    make_position(n.nghiem, n.province, "Phó Bí thư Thường trực",
                  started_on=day("01/10/2015"), ended_on=day("30/09/2020"), order=0)  # fmt: skip
    make_position(n.nghiem, n.council, "Chủ tịch",
                  started_on=day("01/05/2016"), ended_on=day("30/06/2021"), order=1)  # fmt: skip
    n.secretary = make_position(n.nghiem, n.province, "Bí thư",
                                started_on=day("01/10/2020"), order=0)  # fmt: skip
    n.pen = make_author("Ngọc Hiếu")
    n.pen_other = make_author("Ngọc Hiêu")
    n.writer = make_author("Thu Hà")

    n.a1 = make_article(
        "Kiểm tra công tác chuẩn bị đại hội tại Đảng ủy Khối các cơ quan tỉnh",
        section=n.politics, published_at=at("22/05/2020", 8),
        lead="LSO-Sáng 22/5, đoàn công tác do đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường "
        "trực Tỉnh ủy, Chủ tịch HĐND tỉnh dẫn đầu đã làm việc với Đảng ủy Khối các cơ quan "
        "(KCCQ) tỉnh.",
        body="<p>Đảng bộ KCCQ tỉnh có nhiều tổ chức cơ sở đảng trực thuộc.</p>",
    )  # fmt: skip
    mention_person(n.a1, n.nghiem)
    mention_organization(n.a1, n.bloc)
    make_byline(n.a1, n.pen)

    n.a2 = make_article(
        "Chi bộ Khu 1 sinh hoạt chuyên đề", section=n.society,
        published_at=at("02/03/2021", 15), lead="LSO-Chi bộ Khu 1 tổ chức sinh hoạt chuyên đề.",
        body="<p>Buổi sinh hoạt diễn ra sôi nổi.</p>",
    )  # fmt: skip
    make_caption(n.a2, n.nghiem, caption="Đồng chí Bí thư Tỉnh ủy dự sinh hoạt cùng chi bộ")
    mention_organization(n.a2, n.cell)
    make_byline(n.a2, n.writer)

    n.a3 = make_article(
        "Hội nghị cán bộ chủ chốt", section=n.politics, published_at=at("10/01/2022"),
        lead="LSO-Hội nghị có sự tham dự của nhiều đồng chí lãnh đạo.",
    )  # fmt: skip
    mention_person(n.a3, n.nghiem, confirmed=False)  # detected, never confirmed

    n.a4 = make_article(
        "Đảng ủy các cơ quan Đảng tỉnh ra mắt", section=n.politics,
        published_at=at("05/02/2025"), lead="LSO-Đảng ủy các cơ quan Đảng tỉnh chính thức ra mắt.",
    )  # fmt: skip
    mention_organization(n.a4, n.bloc_new)

    n.a5 = make_article(
        "Phóng sự ảnh về vùng biên", section=n.society, published_at=at("15/07/2023"),
        lead="LSO-Những hình ảnh ghi lại đời sống bà con vùng biên.",
        body="<p>Ảnh và bài của phóng viên.</p>",
    )  # fmt: skip
    make_byline(n.a5, n.pen, role=BylineRole.PHOTO)
    n.a5b = make_article(
        "Một ngày ở cửa khẩu", section=n.society, published_at=at("16/07/2023"),
        lead="LSO-Ghi chép ở cửa khẩu.",
    )  # fmt: skip
    make_byline(n.a5b, n.pen_other)

    n.draft = make_article(
        "Dự thảo: đồng chí Hoàng Văn Nghiệm làm việc với Huyện ủy Cao Lộc", published=False,
        section=n.politics, lead="LSO-Bản nháp chưa biên tập.",
    )  # fmt: skip
    mention_person(n.draft, n.nghiem)

    n.a7 = make_article(
        "Đồng chí Hoàng Văn Nghiêm thăm bà con bản Khuổi Phặc", section=n.society,
        published_at=at("20/11/2023"), lead="LSO-Chuyến thăm mang nhiều ý nghĩa.",
    )  # fmt: skip
    mention_person(n.a7, n.nghiem_other)
    return n


# -- folding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "hoang van nghiem",
        "HOÀNG VĂN NGHIỆM",
        "Nghiệm",
        unicodedata.normalize("NFD", "Hoàng Văn Nghiệm"),
        "  hoàng   VĂN nghiệm ",
        "Hoàng Văn Nghiệm",
    ],
)
def test_text_is_folded_on_both_sides(newsroom, typed):
    assert {newsroom.a1.pk, newsroom.draft.pk} <= found(text=typed)


def test_folding_merges_tone_marks_in_text_but_not_people(newsroom):
    # Free text cannot tell Nghiệm from Nghiêm once folded; the person filter can.
    assert newsroom.a7.pk in found(text="nghiem")
    assert newsroom.a7.pk not in found(person=newsroom.nghiem)


def test_nfc_and_nfd_queries_give_the_same_results(newsroom):
    nfc = unicodedata.normalize("NFC", "Đảng ủy Khối")
    nfd = unicodedata.normalize("NFD", "Đảng ủy Khối")
    assert nfc != nfd
    assert found(text=nfc) == found(text=nfd) == {newsroom.a1.pk}


def test_party_body_without_marks(newsroom):
    assert found(text="dang uy khoi") == {newsroom.a1.pk}
    assert found(text="KCCQ") == {newsroom.a1.pk}


def test_words_match_whole_tokens_only(newsroom):
    assert found(text="nghie") == set()  # no partial words
    assert found(text="loc") == {newsroom.draft.pk}  # "Cao Lộc" in the draft's title


def test_all_words_must_occur_and_quotes_ask_for_a_phrase(newsroom):
    assert found(text="khoi kccq") == {newsroom.a1.pk}
    assert found(text="khoi khu") == set()
    assert found(text="cac co quan tinh") == {newsroom.a1.pk, newsroom.a4.pk}
    assert found(text='"co quan dang tinh"') == {newsroom.a4.pk}
    assert found(text='"tinh co quan"') == set()  # the words are there, not in that order
    assert found(text='"dang uy khoi" kccq') == {newsroom.a1.pk}
    assert found(text="“Đảng ủy Khối”") == {newsroom.a1.pk}  # typographic quotes


def test_parse_text():
    query = parse_text('Ban "Thường vụ  Tỉnh ủy" HĐND, ban')
    assert query.words == ("ban", "hdnd")
    assert query.phrases == (("thuong", "vu", "tinh", "uy"),)
    assert query.tsquery() == "'ban' & 'hdnd' & ('thuong' <-> 'vu' <-> 'tinh' <-> 'uy')"
    assert not parse_text("  ,;!? ")
    assert parse_text("a" * 500).impossible


# -- people ----------------------------------------------------------------------------


def test_person_matches_confirmed_mentions_captions_and_not_unconfirmed(newsroom):
    assert found(person=newsroom.nghiem) == {newsroom.a1.pk, newsroom.a2.pk, newsroom.draft.pk}


def test_person_who_writes_matches_own_bylines_with_tone_marks_respected(newsroom):
    # "Ngọc Hiếu" is an alias of the person and the pen name of an author; "Ngọc Hiêu"
    # folds the same but is someone else.
    assert found(person=newsroom.journalist) == {newsroom.a1.pk, newsroom.a5.pk}


def test_person_autocomplete_folds_names_and_aliases(newsroom):
    for typed in ("hoang van nghiem", "HOÀNG VĂN NGHIỆM", "Nghiệm", "nghiem hoang"):
        assert newsroom.nghiem in suggest_people(typed), typed
    assert suggest_people("hoàng văn nghiệm")[:2] == [newsroom.nghiem, newsroom.nghiem_other]
    assert suggest_people("ngoc hieu") == [newsroom.journalist]
    assert suggest_people("") == []
    assert suggest_people("%") == []


def test_person_autocomplete_falls_back_to_close_spellings(newsroom):
    assert suggest_people("hoang van ngiem")[0] in {newsroom.nghiem, newsroom.nghiem_other}
    assert suggest_people("zzzz qqqq") == []


def test_trigram_similarity_matches_pg_trgm():
    # Values pg_trgm's similarity() returns for the same pairs.
    assert trigram_similarity("word", "word") == 1.0
    assert trigram_similarity("word", "two words") == pytest.approx(4 / 11)
    assert trigram_similarity("", "x") == 0.0


def test_position_cited_is_the_one_held_on_the_article_date(newsroom):
    page = search_articles(SearchCriteria(person=newsroom.nghiem))
    cited = {row.article.pk: row.positions_label for row in page.rows}
    assert cited[newsroom.a1.pk] == "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
    assert cited[newsroom.a2.pk] == "Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh"


def test_position_attached_by_an_editor_wins(newsroom):
    mention = newsroom.a1.person_mentions.get(person=newsroom.nghiem)
    mention.positions.add(newsroom.secretary)
    page = search_articles(SearchCriteria(person=newsroom.nghiem))
    cited = {row.article.pk: row.positions_label for row in page.rows}
    assert cited[newsroom.a1.pk] == "Bí thư Tỉnh ủy"


def test_positions_cited_are_the_same_whichever_way_the_page_is_found(newsroom):
    # Person alone: positions fetched with the probes and the page; with text, or for the
    # export: by a query of their own.
    newsroom.a1.person_mentions.get(person=newsroom.nghiem).positions.add(newsroom.secretary)
    expected = {
        newsroom.a1.pk: "Bí thư Tỉnh ủy",  # attached by an editor
        newsroom.a2.pk: "Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh",  # held on the day
    }
    alone = search_articles(SearchCriteria(person=newsroom.nghiem)).rows
    with_text = search_articles(SearchCriteria(person=newsroom.nghiem, text="lso")).rows
    exported = list(search.iter_results(SearchCriteria(person=newsroom.nghiem)))
    for rows in (alone, with_text, exported):
        cited = {row.article.pk: row.positions_label for row in rows}
        assert {pk: cited[pk] for pk in expected} == expected
    assert search.cited_positions(make_person("Không chức vụ"), [newsroom.a1]) == {}


def test_person_page_query_count(newsroom, django_assert_num_queries):
    criteria = SearchCriteria(person=newsroom.nghiem)
    # probes, with the person's positions; the page: its ids, their count, their rows and the
    # positions attached to them, in one statement; on PostgreSQL, the size of the article
    # table from its statistics (cached for a while), to choose how to find the page
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 2):
        search_articles(criteria)


# -- organizations ----------------------------------------------------------------------


def test_organization_includes_sub_organizations_by_default(newsroom):
    assert found(organization=newsroom.district) == {newsroom.a2.pk}
    assert found(organization=newsroom.district, include_suborganizations=False) == set()
    assert found(organization=newsroom.province) == {
        newsroom.a1.pk, newsroom.a2.pk, newsroom.a4.pk,
    }  # fmt: skip


def test_organization_includes_predecessors_and_successors(newsroom):
    assert found(organization=newsroom.bloc) == {newsroom.a1.pk, newsroom.a4.pk}
    assert found(organization=newsroom.bloc_new) == {newsroom.a1.pk, newsroom.a4.pk}
    assert found(organization=newsroom.bloc, include_lineage=False) == {newsroom.a1.pk}
    assert found(organization=newsroom.bloc_new, include_lineage=False) == {newsroom.a4.pk}


def test_lineage_follows_time_not_former_neighbours():
    new = make_organization("Đảng ủy xã Đồng Đăng (mới)")
    old_a = make_organization("Đảng ủy thị trấn Đồng Đăng", successor=new)
    old_b = make_organization("Đảng ủy xã Hồng Phong", successor=new)
    older = make_organization("Đảng ủy thị trấn Đồng Đăng (cũ)", successor=old_a)
    newest = make_organization("Đảng ủy xã Đồng Đăng 2030")
    new.successor = newest
    new.save()
    assert lineage_ids(old_a) == {old_a.pk, new.pk, newest.pk, older.pk}
    assert lineage_ids(new) == {new.pk, newest.pk, old_a.pk, old_b.pk, older.pk}


def test_organization_autocomplete_names_abbreviations_and_aliases(newsroom):
    assert suggest_organizations("KCCQ")[0] == newsroom.bloc
    assert suggest_organizations("kccq")[0] == newsroom.bloc
    assert suggest_organizations("HĐND tỉnh")[0] == newsroom.council
    assert suggest_organizations("hdnd tinh")[0] == newsroom.council
    assert suggest_organizations("dang uy khoi")[0] == newsroom.bloc
    assert suggest_organizations("Đảng ủy KCCQ tỉnh")[0] == newsroom.bloc
    assert suggest_organizations("tinh uy")[0] == newsroom.province


# -- the other filters and their combinations ------------------------------------------------


def test_date_range_is_inclusive_in_local_time(newsroom):
    late = make_article("Tin cuối ngày", published_at=at("31/12/2023", 23, 30))
    assert late.pk in found(date_from=day("31/12/2023"), date_to=day("31/12/2023"))
    assert late.pk not in found(date_to=day("30/12/2023"))
    assert late.pk not in found(date_from=day("01/01/2024"))
    assert found(date_from=day("01/01/2021"), date_to=day("31/12/2022")) == {
        newsroom.a2.pk, newsroom.a3.pk,
    }  # fmt: skip


def test_section_author_and_status(newsroom):
    assert found(section=newsroom.society) == {
        newsroom.a2.pk, newsroom.a5.pk, newsroom.a5b.pk, newsroom.a7.pk,
    }  # fmt: skip
    assert found(author=newsroom.pen) == {newsroom.a1.pk, newsroom.a5.pk}
    assert found(status=ArticleStatus.DRAFT) == {newsroom.draft.pk}
    assert found(status="no-such-status") == found()


def test_combinations(newsroom):
    n = newsroom
    assert found(person=n.nghiem, organization=n.province) == {n.a1.pk, n.a2.pk}
    assert found(person=n.nghiem, organization=n.bloc) == {n.a1.pk}
    assert found(person=n.nghiem, date_from=day("01/01/2021")) == {n.a2.pk}
    assert found(person=n.nghiem, date_to=day("31/12/2020"), organization=n.bloc) == {n.a1.pk}
    assert found(person=n.nghiem, text="kccq") == {n.a1.pk}
    assert found(person=n.nghiem, section=n.society) == {n.a2.pk}
    assert found(person=n.nghiem, status=ArticleStatus.PUBLISHED) == {n.a1.pk, n.a2.pk}
    assert found(person=n.nghiem, author=n.pen) == {n.a1.pk}
    assert found(organization=n.province, section=n.politics, text="ra mat") == {n.a4.pk}
    assert found(
        person=n.nghiem, organization=n.province, text="dang uy khoi", section=n.politics,
        author=n.pen, status=ArticleStatus.PUBLISHED, date_from=day("22/05/2020"),
        date_to=day("22/05/2020"),
    ) == {n.a1.pk}  # fmt: skip
    assert found(person=n.nghiem, organization=n.council) == set()


def test_published_only_hides_drafts_and_scheduled(newsroom):
    scheduled = make_article(
        "Bài hẹn giờ về Hoàng Văn Nghiệm", published_at=timezone.now() + timedelta(days=1)
    )
    mention_person(scheduled, newsroom.nghiem)
    assert found(person=newsroom.nghiem, published_only=True) == {newsroom.a1.pk, newsroom.a2.pk}
    assert scheduled.pk in found(person=newsroom.nghiem)


# -- order, pages, counts ------------------------------------------------------------------


def test_newest_first_with_drafts_last(newsroom):
    page = search_articles(SearchCriteria(person=newsroom.nghiem))
    assert [row.article for row in page.rows] == [newsroom.a2, newsroom.a1, newsroom.draft]


def test_relevance_puts_title_then_lead_then_body_matches_first():
    body_only = make_article(
        "Tin tổng hợp",
        published_at=at("03/03/2024"),
        lead="LSO-Nhiều hoạt động.",
        body="<p>Hội chợ hồi quế.</p>",
    )
    lead = make_article("Tin kinh tế", published_at=at("02/03/2024"),
                        lead="LSO-Khai mạc hội chợ hồi quế.")  # fmt: skip
    title = make_article("Hội chợ hồi quế", published_at=at("01/01/2019"), lead="LSO-Khai mạc.")
    older_title = make_article("Hội chợ hồi quế năm trước", published_at=at("01/01/2018"))
    relevance = search_articles(SearchCriteria(text="hồi quế", order=Order.RELEVANCE))
    assert [row.article for row in relevance.rows] == [title, older_title, lead, body_only]
    newest = search_articles(SearchCriteria(text="hồi quế", order=Order.DATE))
    assert [row.article for row in newest.rows] == [body_only, lead, title, older_title]


@pytest.mark.parametrize("order", [Order.DATE, Order.RELEVANCE])
def test_pages_cover_every_result_once(order):
    for index in range(7):
        make_article(
            f"Tin hồi quế số {index}" if index % 2 else f"Tin số {index}",
            lead="LSO-Vụ hồi quế." if index % 3 else "LSO-Tin.",
            body="<p>hồi quế</p>", published_at=at("01/01/2024") + timedelta(hours=index),
        )  # fmt: skip
    criteria = SearchCriteria(text="hoi que", order=order)
    pages = [search_articles(criteria, page=number, per_page=3) for number in (1, 2, 3)]
    assert [page.has_next for page in pages] == [True, True, False]
    seen = [row.article.pk for page in pages for row in page.rows]
    assert len(seen) == len(set(seen)) == 7
    assert search_articles(criteria, page=9, per_page=3).rows == []


def test_count_is_capped_and_estimated_past_the_cap(monkeypatch):
    for index in range(5):
        make_article(f"Tin hồi quế {index}", published_at=at("01/01/2024") + timedelta(hours=index))
    base = search_queryset(SearchCriteria(text="hoi que"))
    assert capped_count(base, cap=10) == (5, False)
    count, is_estimate = capped_count(base, cap=3)
    assert is_estimate and count >= 4
    # When the page was found by reading every match, their number is known exactly.
    page = search_articles(SearchCriteria(text="hoi que"), cap=3, per_page=2)
    assert (page.count, page.count_is_estimate) == (5, False)
    # Read newest first instead (as for a common word), the count stops at the cap.
    for index in range(45):
        make_article(f"Hồi quế {index}", published_at=at("01/02/2024") + timedelta(hours=index))
    monkeypatch.setattr(search, "SPARSE_LIMIT", 0)
    monkeypatch.setattr(search, "DENSE_WINDOW", 2)
    page = search_articles(SearchCriteria(text="hoi que"), cap=3, per_page=1)
    assert page.count_is_estimate and page.count >= 4
    assert page.count_label.startswith("khoảng ")


def test_count_of_one_entity_whose_other_sources_are_past_the_cap(monkeypatch, newsroom):
    # Two confirmed mentions (a1, the draft) within a cap of 3, but past the probes' cap of 2
    # with the caption (a2): counted from the sources' distinct ids, exactly.
    monkeypatch.setattr(search, "SPARSE_LIMIT", 1)
    page = search_articles(SearchCriteria(person=newsroom.nghiem), per_page=1, cap=3)
    assert page.has_next and (page.count, page.count_is_estimate) == (3, False)
    mention_person(newsroom.a7, newsroom.nghiem)  # a fourth article: past the cap of 3
    page = search_articles(SearchCriteria(person=newsroom.nghiem), per_page=1, cap=3)
    assert page.count >= 4 and (page.count_is_estimate or connection.vendor != "postgresql")


def test_count_label():
    assert count_label(1, False) == "1 kết quả"
    assert count_label(1234, False) == "1.234 kết quả"
    assert count_label(12345, True) == "khoảng 12.000 kết quả"


# -- snippets -----------------------------------------------------------------------------


def test_snippet_escapes_first_then_marks():
    html = snippet("Trước <b>đó</b> & đồng chí Hoàng Văn Nghiệm phát biểu", [("nghiem",)])
    assert html == (
        "Trước &lt;b&gt;đó&lt;/b&gt; &amp; đồng chí Hoàng Văn <mark>Nghiệm</mark> phát biểu"
    )


def test_snippet_marks_runs_and_phrases_and_cuts_around_the_match():
    text = " ".join(["mở"] * 60) + " Đảng ủy Khối các cơ quan " + " ".join(["kết"] * 60)
    html = snippet(text, [("dang", "uy", "khoi"), ("co",)])
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Đảng ủy Khối</mark> các <mark>cơ</mark> quan" in html
    assert snippet("", [("x",)]) == ""


def test_snippet_marks_whole_tokens_only():
    sequences = [("hoang", "van", "nghiem"), ("nghiem",), ("5",)]
    marked = snippet(
        "Nghiệm, xNghiệm Nghiệmx 1Nghiệm Nghiệm1 HOÀNG   VĂN\nNGHIỆM 5 a5 5a (5) Nghiệm",
        sequences,
    )
    assert marked == (
        "<mark>Nghiệm</mark>, xNghiệm Nghiệmx 1Nghiệm Nghiệm1 <mark>HOÀNG   VĂN\nNGHIỆM 5</mark> "
        "a5 5a (<mark>5</mark>) <mark>Nghiệm</mark>"
    )


def test_letter_classes_hold_every_case_so_patterns_need_no_ignorecase():
    every_character = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    for letter, letters in search._letter_classes().items():
        caseless = set(re.findall(letters, every_character, re.IGNORECASE))
        assert set(re.findall(letters, every_character)) == caseless, letter
    assert not search._sequence_pattern((("hoang", "van", "nghiem"), ("5",))).flags & re.I
    greek = search._sequence_pattern((("αθηνα",),))
    assert greek.flags & re.I and greek.search("ΑΘΗΝΑ")


def test_snippet_of_the_body_around_a_match_past_the_lead():
    article = SimpleNamespace(
        lead="LSO-Tin vắn.",
        body="<p>" + "Mở đầu. " * 80 + "</p><p>Đồng chí   <b>Hoàng Văn Nghiệm</b>&nbsp;phát "
        "biểu.</p><p>" + "Kết thúc. " * 80 + "</p>",
    )
    html = search.article_snippet(article, [("hoang", "van", "nghiem")])
    assert html.startswith("… ") and html.endswith(" …")
    assert "Đồng chí <mark>Hoàng Văn Nghiệm</mark> phát biểu." in html
    assert "<p>" not in html and "  " not in html
    # Not in the body either: the lead, unmarked.
    assert search.article_snippet(article, [("khuoi", "phac")]) == "LSO-Tin vắn."


def test_snippet_of_a_result_marks_the_person(newsroom):
    page = search_articles(SearchCriteria(person=newsroom.nghiem))
    row = next(row for row in page.rows if row.article == newsroom.a1)
    assert "<mark>Hoàng Văn Nghiệm</mark>" in row.snippet


# -- both ways of fetching a page give the same rows -------------------------------------------


@pytest.mark.parametrize("window", [1, 3, 7, 1000])
@pytest.mark.parametrize("order", [Order.DATE, Order.RELEVANCE])
def test_dense_and_sparse_plans_agree(monkeypatch, newsroom, window, order):
    """Reading the newest articles first (a window, then below it) and letting the indexes
    find all matches (ids first) must give the same pages, whatever the window size."""
    for number in range(12):
        article = make_article(
            f"Hội chợ hồi quế số {number}" if number % 3 else f"Tin vùng cao {number}",
            lead="LSO-Hồi quế được mùa." if number % 2 else "LSO-Tin vắn.",
            body="<p>Giá hồi quế.</p>",
            published_at=at("01/03/2024") + timedelta(hours=number * 7),
        )  # fmt: skip
        if number % 4 == 0:
            mention_person(article, newsroom.nghiem)
        if number == 5:
            article.published_at, article.status = None, ArticleStatus.DRAFT
            article.save()
    for criteria in (
        SearchCriteria(text="hoi que", order=order),
        SearchCriteria(person=newsroom.nghiem, order=order),
        SearchCriteria(person=newsroom.nghiem, text="hoi que", order=order),
        SearchCriteria(person=newsroom.nghiem, status=ArticleStatus.PUBLISHED, order=order),
        SearchCriteria(person=newsroom.nghiem, organization=newsroom.province, order=order),
        SearchCriteria(organization=newsroom.province, order=order),
    ):
        pages = {}
        for sparse_limit, dense_window in ((10**9, window), (0, window)):
            monkeypatch.setattr(search, "SPARSE_LIMIT", sparse_limit)
            monkeypatch.setattr(search, "DENSE_WINDOW", dense_window)
            search._CUTOFFS.clear()
            pages[sparse_limit] = [
                [row.article.pk for row in search_articles(criteria, page=n, per_page=4).rows]
                for n in (1, 2, 3, 4)
            ]
        assert pages[0] == pages[10**9], criteria
        flat = [pk for page in pages[0] for pk in page]
        assert len(flat) == len(set(flat)) == search_queryset(criteria).count()


@pytest.mark.parametrize("way", [search.BY_IDS, search.HASHED, search.PER_ARTICLE])
def test_every_way_to_find_one_entity_gives_the_same_pages_and_counts(monkeypatch, newsroom, way):
    """A person, organization or author alone is found by ids, through hash tables or article
    by article, whichever reads fewer rows: all three give the same pages and counts."""
    for number in range(14):
        article = make_article(
            f"Tin số {number}", published_at=at("01/03/2024") + timedelta(hours=number * 5)
        )
        if number % 3 == 0:
            mention_person(article, newsroom.nghiem)
        if number % 3 == 1:
            make_caption(article, newsroom.nghiem)  # shown, not named
        if number % 6 == 0:
            make_caption(article, newsroom.nghiem, newsroom.journalist)  # named and shown
        if number % 4 == 0:
            make_byline(article, newsroom.pen)
        if number % 2:
            mention_organization(article, newsroom.district)
        if number == 7:
            article.published_at, article.status = None, ArticleStatus.DRAFT
            article.save()
    searches = [
        SearchCriteria(person=newsroom.nghiem),
        SearchCriteria(person=newsroom.journalist),
        SearchCriteria(organization=newsroom.province),
        SearchCriteria(author=newsroom.pen),
    ]
    for criteria in searches:
        seen = {}
        for chosen in (search.BY_IDS, way):
            monkeypatch.setattr(search, "_way_alone", lambda entity, chosen=chosen: chosen)
            pages = [search_articles(criteria, page=n, per_page=4) for n in (1, 2, 3, 4, 5)]
            seen[chosen] = [
                ([row.article.pk for row in page.rows], page.count, page.count_is_estimate)
                for page in pages
            ]
        assert seen[way] == seen[search.BY_IDS], criteria
        flat = [pk for pks, _, _ in seen[way] for pk in pks]
        assert len(flat) == len(set(flat)) == search_queryset(criteria).count()
        assert {count for _, count, _ in seen[way]} == {len(flat)}


def test_one_entity_is_found_the_way_that_reads_fewest_rows(monkeypatch):
    monkeypatch.setattr(search, "_column_stats", lambda model, column: ({}, 0.0, 200_000.0))
    sources = [search.Source("", ""), search.Source("", "")]

    def way(rows, hint=None):
        entity = search.EntityFilter(sources, [], upper=rows, rows_hint=lambda: hint)
        return search._way_alone(entity)

    assert way(0) == way(300) == search.BY_IDS  # a rare person: every date looked up
    assert way(1500) == way(2500) == search.HASHED  # 1%: hash the ids, read ~2,000 articles
    assert way(float("inf"), hint=40_000) == search.PER_ARTICLE  # 20%: ~100 articles read
    assert way(float("inf"), hint=None) is None  # unknown: the general rule decides
    # Statistics lagging behind never make a person past the probes' cap look rare.
    assert way(float("inf"), hint=10) == search.HASHED


def test_probes_measure_each_source_and_drop_the_empty_ones(monkeypatch, newsroom):
    plan = search.plan_search(SearchCriteria(person=newsroom.nghiem))
    (entity,) = plan.entities
    # Two confirmed mentions (a1, the draft), one caption (a2), no byline.
    assert (entity.lower, entity.upper, len(entity.sources)) == (2, 3, 2)
    monkeypatch.setattr(search, "SPARSE_LIMIT", 1)  # the cap: 2 rows
    (entity,) = search.plan_search(SearchCriteria(person=newsroom.nghiem)).entities
    # The mentions reach the cap: the caption is only found to exist, and still checked.
    assert (entity.lower, entity.upper, len(entity.sources)) == (2, float("inf"), 2)
    (entity,) = search.plan_search(SearchCriteria(person=newsroom.journalist)).entities
    # No mention, no caption: only the bylines (a1, a5), past the cap.
    assert (entity.lower, entity.upper, len(entity.sources)) == (0, float("inf"), 1)
    assert "byline" in entity.sources[0].ids
