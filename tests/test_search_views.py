"""The search pages: permissions, the staff page, the CSV export, autocomplete and /tim-kiem/."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleStatus

from .factories import (
    at,
    make_article,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_position,
    make_section,
    make_user,
    make_user_with_permission,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db


# PostgreSQL looks up its word statistics for the search columns (cached for a while).
STATS = 1 if connection.vendor == "postgresql" else 0

STAFF_URLS = [
    reverse("search:staff_search") + "?q=hoi+que",
    reverse("search:staff_export") + "?q=hoi+que",
    reverse("search:person_autocomplete") + "?term=nghiem",
    reverse("search:organization_autocomplete") + "?term=kccq",
]


@pytest.fixture
def researcher():
    return make_user_with_permission("view_staff_search", username="nghien-cuu")


@pytest.fixture
def nghiem():
    person = make_person("Hoàng Văn Nghiệm", aliases="Nghiệm Hoàng")
    province = make_organization("Ban Chấp hành Đảng bộ tỉnh", short_name="Tỉnh ủy")
    make_position(person, province, "Phó Bí thư Thường trực", started_on=at("01/10/2015").date())
    return person


# -- who may search ---------------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", STAFF_URLS)
def test_reporters_without_the_permission_are_refused(client, url):
    reporter = make_user(username="phong-vien")  # staff, can use the admin, cannot research
    client.force_login(reporter)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_URLS)
def test_researchers_and_superusers_may_search(client, researcher, url):
    client.force_login(researcher)
    assert client.get(url).status_code == 200
    client.force_login(make_user(username="tong-bien-tap", is_superuser=True))
    assert client.get(url).status_code == 200


# -- the staff page -----------------------------------------------------------------------


def test_staff_page_without_criteria_shows_the_form(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("search:staff_search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="person"' in html and 'name="organization"' in html
    assert "admin/js/autocomplete.js" in html  # the admin's own select2
    assert 'data-ajax--url="/tra-cuu/goi-y/nhan-vat/"' in html
    assert "page" not in response.context or response.context["page"] is None
    response = client.get(reverse("search:staff_search") + "?q=&sub=false&sub=true")
    assert "Hãy nhập từ khóa" in response.content.decode()


def test_staff_page_lists_results_with_snippet_and_position(client, researcher, nghiem):
    article = make_article(
        "Đồng chí Hoàng Văn Nghiệm làm việc tại huyện", published_at=at("22/05/2020"),
        lead="LSO-Sáng 22/5, đồng chí Hoàng Văn Nghiệm <b>kiểm tra</b> công tác chuẩn bị.",
    )  # fmt: skip
    mention_person(article, nghiem)
    client.force_login(researcher)
    response = client.get(reverse("search:staff_search"), {"person": nghiem.pk})
    html = response.content.decode()
    assert "1 kết quả" in html
    assert "<mark>Hoàng Văn Nghiệm</mark>" in html
    assert "&lt;b&gt;kiểm tra&lt;/b&gt;" in html  # escaped, never rendered as HTML
    assert "Phó Bí thư Thường trực Tỉnh ủy" in html
    assert "22/05/2020" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "xuat-csv" in html


def test_staff_page_query_count(client, researcher, nghiem, django_assert_num_queries):
    for number in range(25):
        article = make_article(f"Tin số {number} về hội chợ hồi quế")
        mention_person(article, nghiem)
        make_byline(article)
    client.force_login(researcher)
    url = reverse("search:staff_search")
    # session, user, permissions (2); the chosen person (to validate, to render); section and
    # author choices; the search: probes, word statistics (PostgreSQL), window cutoff, page
    # (with its count), positions held and attached (one statement)
    with django_assert_num_queries(11 + STATS):
        response = client.get(url, {"person": nghiem.pk, "q": "hoi que"})
    assert len(response.context["page"].rows) == 20
    assert response.context["page"].has_next


def test_staff_page_pages(client, researcher):
    for number in range(23):
        make_article(
            f"Tin hồi quế {number}", published_at=at("01/01/2024") + timedelta(hours=number)
        )
    client.force_login(researcher)
    url = reverse("search:staff_search")
    first = client.get(url, {"q": "hoi que"}).context["page"]
    second = client.get(url, {"q": "hoi que", "page": 2}).context["page"]
    assert len(first.rows) == 20 and len(second.rows) == 3
    assert not {r.article.pk for r in first.rows} & {r.article.pk for r in second.rows}
    html = client.get(url, {"q": "hoi que"}).content.decode()
    assert "page=2" in html and "q=hoi+que" in html
    # A page past the end, or not a number, is not an error.
    assert client.get(url, {"q": "hoi que", "page": 99}).context["page"].rows == []
    assert client.get(url, {"q": "hoi que", "page": "x"}).context["page"].number == 1


@pytest.mark.parametrize(
    "params, message",
    [
        ({"person": "abc"}, "Nhân vật"),
        ({"person": "999999"}, "Nhân vật"),
        ({"date_from": "31/12/2024", "date_to": "01/01/2024"}, "phải sau hoặc bằng"),
        ({"date_from": "2024-13-45"}, "Từ ngày"),
        ({"status": "bogus"}, "Trạng thái"),
        ({"order": "; DROP TABLE"}, "Sắp xếp"),
    ],
)
def test_staff_page_explains_bad_parameters(client, researcher, params, message):
    client.force_login(researcher)
    response = client.get(reverse("search:staff_search"), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()


def test_punctuation_only_text_is_ignored_with_a_note(client, researcher, nghiem):
    mention_person(make_article("Tin có nhân vật"), nghiem)
    client.force_login(researcher)
    response = client.get(reverse("search:staff_search"), {"q": "%%% ''' \\", "person": nghiem.pk})
    html = response.content.decode()
    assert "đã được bỏ qua" in html
    assert response.context["page"].count == 1


def test_sub_organizations_box_is_on_unless_unticked(client, researcher):
    province = make_organization("Tỉnh ủy")
    district = make_organization("Huyện ủy Cao Lộc", parent=province)
    mention_organization(make_article("Tin huyện"), district)
    client.force_login(researcher)
    url = reverse("search:staff_search")
    assert client.get(url, {"organization": province.pk}).context["page"].count == 1
    ticked = client.get(url, {"organization": province.pk, "sub": ["false", "true"]})
    assert ticked.context["page"].count == 1
    unticked = client.get(url, {"organization": province.pk, "sub": "false"})
    assert unticked.context["page"].count == 0


# -- CSV --------------------------------------------------------------------------------


def _csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_has_every_result_utf8_with_bom(client, researcher, nghiem):
    section = make_section("Chính trị")
    author = make_author("Ngọc Hiếu")
    for number in range(45):
        article = make_article(
            f"Đồng chí Nghiệm dự hội nghị số {number}", section=section,
            published_at=at("22/05/2020", 8) + timedelta(days=number),
        )  # fmt: skip
        mention_person(article, nghiem)
        make_byline(article, author)
    formula = make_article("=HYPERLINK(1) Hội nghị", published_at=at("01/01/2019"))
    mention_person(formula, nghiem)
    client.force_login(researcher)
    response = client.get(reverse("search:staff_export"), {"person": nghiem.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tra-cuu-')
    raw, rows = _csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        "Mã bài", "Ngày xuất bản", "Tiêu đề", "Chuyên mục", "Trạng thái", "Tác giả",
        "Chức vụ được nêu", "Đường dẫn",
    ]  # fmt: skip
    assert len(rows) == 1 + 46  # every result, not one page
    newest = rows[1]
    assert newest[1] == "05/07/2020 08:00"
    assert newest[2] == "Đồng chí Nghiệm dự hội nghị số 44"
    assert newest[3:7] == [
        "Chính trị",
        "Đã xuất bản",
        "Ngọc Hiếu",
        "Phó Bí thư Thường trực Tỉnh ủy",
    ]
    assert newest[7].startswith("http") and newest[7].endswith(".html")
    assert rows[-1][2] == "'=HYPERLINK(1) Hội nghị"  # a formula is never handed to Excel


def test_csv_export_query_count_does_not_grow_with_rows(
    client, researcher, nghiem, django_assert_max_num_queries
):
    for number in range(30):
        article = make_article(f"Tin {number}")
        mention_person(article, nghiem)
        make_byline(article)
    client.force_login(researcher)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search:staff_export"), {"person": nghiem.pk})
        _, rows = _csv(response)
    assert len(rows) == 31


def test_csv_export_without_criteria_goes_back_to_the_form(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("search:staff_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("search:staff_search"))


def test_csv_of_drafts_links_to_the_admin(client, researcher):
    draft = make_article("Bản nháp hồi quế", published=False)
    client.force_login(researcher)
    _, rows = _csv(client.get(reverse("search:staff_export"), {"q": "hoi que"}))
    assert rows[1][4] == "Bản nháp"
    assert rows[1][-1].endswith(reverse("admin:articles_article_change", args=[draft.pk]))


# -- autocomplete -------------------------------------------------------------------------


def test_person_autocomplete_json(client, researcher, nghiem):
    make_person("Hoàng Văn Nghiêm")
    client.force_login(researcher)
    for term in ("hoang van nghiem", "HOÀNG VĂN NGHIỆM", "Nghiệm", "nghiem hoang"):
        data = client.get(reverse("search:person_autocomplete"), {"term": term}).json()
        assert str(nghiem.pk) in [item["id"] for item in data["results"]], term
    data = client.get(reverse("search:person_autocomplete"), {"term": "Nghiệm"}).json()
    assert data["results"][0] == {
        "id": str(nghiem.pk),
        "text": "Hoàng Văn Nghiệm – Phó Bí thư Thường trực Tỉnh ủy",
    }
    assert data["pagination"] == {"more": False}


def test_organization_autocomplete_json(client, researcher):
    bloc = make_organization(
        "Đảng ủy Khối các cơ quan tỉnh", abbreviation="KCCQ",
        dissolved_on=at("31/01/2025").date(),
    )  # fmt: skip
    council = make_organization("Hội đồng nhân dân tỉnh", short_name="HĐND tỉnh")
    client.force_login(researcher)
    url = reverse("search:organization_autocomplete")
    assert client.get(url, {"term": "kccq"}).json()["results"][0] == {
        "id": str(bloc.pk),
        "text": "Đảng ủy Khối các cơ quan tỉnh (KCCQ) – đến 31/01/2025",
    }
    assert client.get(url, {"term": "HĐND tỉnh"}).json()["results"][0]["id"] == str(council.pk)
    assert client.get(url, {"q": "dang uy khoi"}).json()["results"][0]["id"] == str(bloc.pk)
    assert client.get(url).json()["results"] == []


# -- the readers' search --------------------------------------------------------------------


def test_public_search_shows_published_articles_only(client):
    live = make_article("Hội chợ hồi quế khai mạc", lead="LSO-Sáng nay hội chợ hồi quế mở cửa.")
    make_article("Bản nháp hồi quế", published=False)
    make_article("Hồi quế hẹn giờ", published_at=timezone.now() + timedelta(days=1))
    make_article("Hồi quế đã gỡ", status=ArticleStatus.UNPUBLISHED)
    response = client.get(reverse("search:public"), {"q": "HỒI QUẾ"})
    assert response.status_code == 200
    assert [row.article for row in response.context["page"].rows] == [live]
    html = response.content.decode()
    assert "1 kết quả" in html
    assert live.get_absolute_url() in html
    assert "<mark>hồi quế</mark>" in html
    assert "/admin/" not in html


def test_public_search_template_is_plain(client):
    make_article("Hội chợ hồi quế")
    html = client.get(reverse("search:public"), {"q": "hoi que"}).content.decode()
    assert 'role="search"' in html and "<ol" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert 'name="robots" content="noindex' in html


def test_public_search_relevance_and_section(client):
    section = make_section("Kinh tế")
    older_title = make_article("Hồi quế vào mùa", section=section, published_at=at("01/01/2020"))
    newer_body = make_article(
        "Tin nông nghiệp", section=section, published_at=at("01/01/2024"),
        body="<p>Giá hồi quế tăng.</p>",
    )  # fmt: skip
    make_article("Hồi quế ở chuyên mục khác")
    url = reverse("search:public")
    response = client.get(url, {"q": "hoi que", "order": "relevance", "section": section.pk})
    assert [row.article for row in response.context["page"].rows] == [older_title, newer_body]
    response = client.get(url, {"q": "hoi que", "section": section.pk})
    assert [row.article for row in response.context["page"].rows] == [newer_body, older_title]


def test_public_search_query_count(client, django_assert_num_queries):
    for number in range(25):
        make_article(f"Tin hồi quế {number}")
    # sections for the form and for the site menu (base.html, once: then cached); the search:
    # word statistics (PostgreSQL), window cutoff, page (with its count)
    with django_assert_num_queries(4 + STATS):
        response = client.get(reverse("search:public"), {"q": "hoi que"})
    assert len(response.context["page"].rows) == 20


def test_public_search_without_words(client):
    response = client.get(reverse("search:public"))
    assert response.status_code == 200 and "page" not in response.context
    response = client.get(reverse("search:public"), {"q": "!!! 😀"})
    assert "không có chữ hoặc số" in response.content.decode()
