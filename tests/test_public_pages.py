"""Every public page type with realistic data: what a reader sees on each."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from articles.models import ArticleStatus
from newsroom.errors import server_error

from .factories import (
    day,
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_organization,
    make_province,
    make_rich_article,
    make_scene_photo,
    make_section,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(page: str) -> str:
    """The page's visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def province():
    return make_province()


def test_home_has_top_story_latest_and_a_block_per_section(client):
    news, economy, empty = (make_section(n) for n in ("Thời sự", "Kinh tế", "Văn hóa"))
    now = timezone.now()
    top = make_article(
        "Khai mạc kỳ họp thứ mười HĐND tỉnh",
        section=news,
        published_at=now - timedelta(minutes=5),
        featured_photo=make_scene_photo(),
    )
    older = [
        make_article(f"Tin kinh tế số {i}", section=economy, published_at=now - timedelta(hours=i))
        for i in range(1, 7)
    ]
    no_photo = make_article("Tin vắn không có ảnh", section=news, published_at=now)
    page = html(client.get("/"))
    top_story = page.split('id="top-story-title"')[1].split("</h2>")[0]
    assert top.title in top_story  # the newest with a picture leads
    assert no_photo.title in page.split('id="latest-title"')[1]
    assert 'loading="eager"' in page  # the top photo is above the fold
    latest = page.split('id="latest-title"')[1].split("</section>")[0]
    assert older[0].title in latest and top.title not in latest
    economy_block = page.split('id="block-kinh-te"')[1].split("</section>")[0]
    assert [a.title in economy_block for a in older] == [True] * 4 + [False] * 2
    news_block = page.split('id="block-thoi-su"')[1].split("</section>")[0]
    assert no_photo.title in news_block and top.title not in news_block  # never twice
    assert 'id="block-van-hoa"' not in page and empty.name in page  # menu only
    assert '<a href="/tim-kiem/"' in page and 'action="/tim-kiem/"' in page


def test_home_without_articles(client):
    page = html(client.get("/"))
    assert "Chưa có bài viết nào được xuất bản." in page


def test_section_page_is_paginated(client):
    section = make_section("Kinh tế")
    now = timezone.now()
    for i in range(25):
        make_article(f"Bài kinh tế {i:02d}", section=section, published_at=now - timedelta(hours=i))
    first = html(client.get("/kinh-te/"))
    assert first.count('<li class="card') == 20
    assert "Bài kinh tế 00" in first and "Bài kinh tế 20" not in first
    assert 'href="?trang=2"' in first and 'rel="next"' in first
    second = html(client.get("/kinh-te/?trang=2"))
    assert second.count('<li class="card') == 5 and "Bài kinh tế 24" in second
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kinh-te/?trang=2">' in second
    assert 'href="/kinh-te/"' in second  # "previous" goes to the plain address
    assert client.get("/kinh-te/?trang=9").status_code == 404
    assert client.get("/kinh-te/?trang=abc").status_code == 404
    assert '<link rel="alternate" type="application/rss+xml"' in first
    assert 'href="/rss/kinh-te/"' in first


def test_inactive_or_unknown_section_is_404(client):
    make_section("Lưu trữ", is_active=False)
    assert client.get("/luu-tru/").status_code == 404
    assert client.get("/khong-co/").status_code == 404


def test_article_page_shows_everything(client, province):
    article = make_rich_article(province=province, source_line="Theo TTXVN")
    article.published_at = datetime(2021, 3, 2, 8, 15, tzinfo=HANOI)
    article.save()
    page = html(client.get(article.get_absolute_url()))
    visible = text_of(page)
    assert '<time datetime="2021-03-02T08:15:00+07:00">Thứ ba, 02/03/2021 08:15</time>' in page
    assert f'<h1 class="article-title">{article.title}</h1>' in page
    assert '<strong class="dateline-code">LSO</strong>-Sáng nay (22/5)' in page
    assert "<h2>Bám sát cơ sở</h2>" in page  # body HTML is not escaped
    assert "<blockquote><p>“Mỗi chi bộ" in page
    assert page.count('<figure class="photo">') == 5
    assert page.count("<figcaption>") == 5
    assert "Các đại biểu dự hội nghị tại hội trường Tỉnh ủy" in page
    assert page.count('<span class="credit">Ảnh: Minh Đức</span>') == 5  # own or photo credit
    assert page.count('loading="eager"') == 1 and page.count('loading="lazy"') >= 4
    assert re.search(r'<img src="/media/photos/[^"]+" width="1200" height="800" alt="', page)
    assert '<p class="source-line">(Theo TTXVN)</p>' in page
    byline = page.split('<p class="byline">')[1].split("</p>")[0]
    assert '<a rel="author" href="/tac-gia/ngoc-hieu/">Ngọc Hiếu</a> – ' in byline
    assert '<span class="byline-role">Ảnh:</span> <a rel="author" href="/tac-gia/minh-duc/">' in (
        byline
    )
    assert page.count('<a href="/nhan-vat/') == 10
    assert page.count('href="/to-chuc/') == 10
    assert page.count('rel="tag"') == 10
    tags = re.findall(r'rel="tag" href="[^"]+">([^<]+)<', page)
    assert tags[-1] != "Đại hội Đảng" and "Đại hội Đảng" in tags  # sorted as Vietnamese
    related = page.split('id="related-title"')[1]
    assert "Bài liên quan số 1" in related and "Bài liên quan số 2" in related
    assert "Nhân vật trong bài" in visible and "Tổ chức được nhắc đến" in visible


def test_people_show_the_positions_held_on_the_article_date(client, province):
    leader, standing = province["people"][1], province["people"][0]
    before = make_article("Hội nghị năm 2020", published_at=datetime(2020, 5, 22, 9, tzinfo=HANOI))
    after = make_article("Hội nghị năm 2021", published_at=datetime(2021, 7, 1, 9, tzinfo=HANOI))
    for article in (before, after):
        mention_person(article, leader)
        mention_person(article, standing)
    old = text_of(html(client.get(before.get_absolute_url())))
    assert f"{leader.full_name} , Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh" in old
    old_page = html(client.get(before.get_absolute_url()))
    # No position yet on that day: the name alone.
    assert f'<li><a href="{standing.get_absolute_url()}">{standing.full_name}</a></li>' in old_page
    new = text_of(html(client.get(after.get_absolute_url())))
    assert f"{leader.full_name} , Bí thư Tỉnh ủy" in new
    assert f"{standing.full_name} , Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh" in new


def test_a_title_that_names_its_body_is_printed_once(client, province):
    article = make_article()
    mention_person(article, province["people"][5])
    assert ", Tỉnh ủy viên</span>" in html(client.get(article.get_absolute_url()))


def test_lead_that_already_opens_with_the_code_is_not_doubled(client):
    article = make_article(lead="LSO-Chiều 19/10, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ.")
    page = html(client.get(article.get_absolute_url()))
    assert '<strong class="dateline-code">LSO</strong>-Chiều 19/10' in page
    assert "LSO-Chiều" not in page.split("<body>")[1]
    no_code = make_article(dateline_code="", lead="Chiều 19/10, hội nghị bế mạc.")
    assert "dateline-code" not in html(client.get(no_code.get_absolute_url()))


def test_bare_article_renders(client):
    article = make_article("Thông báo lịch tiếp công dân", section=make_section("Xã hội"))
    page = html(client.get(article.get_absolute_url()))
    assert "<figure" not in page and "Nhân vật trong bài" not in page and "byline" not in page


def test_archive_caption_without_a_photo_file(client):
    article = make_article()
    make_article_photo(article, photo=None, caption="Ảnh tư liệu: lễ kết nạp đảng viên mới")
    page = html(client.get(article.get_absolute_url()))
    assert "<figcaption>Ảnh tư liệu: lễ kết nạp đảng viên mới" in page
    assert "<img src" not in page.split('class="article-body"')[0].split("<main")[1]


def test_only_confirmed_mentions_are_shown(client, province):
    article = make_article()
    mention_person(article, province["people"][0], confirmed=True)
    mention_person(article, province["people"][1], confirmed=False)
    mention_organization(article, province["council"], confirmed=False)
    page = html(client.get(article.get_absolute_url()))
    assert province["people"][0].full_name in page
    assert province["people"][1].full_name not in page
    assert province["council"].name not in page
    person_page = html(client.get(province["people"][1].get_absolute_url()))
    assert article.title not in person_page
    assert article.title not in html(client.get(province["council"].get_absolute_url()))


def test_person_page(client, province):
    person = province["people"][1]  # standing deputy until 2020, then secretary
    mentioned = make_article("Bí thư Tỉnh ủy làm việc với huyện biên giới")
    mention_person(mentioned, person)
    pictured = make_article("Ngày hội Đại đoàn kết toàn dân tộc ở thôn Khau Phạ")
    usage = make_article_photo(
        pictured,
        photo=make_scene_photo(),
        caption=f"Đồng chí {person.full_name} dự ngày hội cùng bà con",
    )
    usage.people.add(person)
    elsewhere = make_article("Tin không nhắc đến nhân vật")
    page = html(client.get(person.get_absolute_url()))
    assert f"<h1>{person.full_name}</h1>" in page
    assert '<p class="profile-role">Bí thư Tỉnh ủy</p>' in page
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.count("is-current") == 1
    assert "15/10/2020 – nay" in timeline and "01/10/2015 – 14/10/2020" in timeline
    assert timeline.index("Bí thư") < timeline.index("Phó Bí thư Thường trực")
    assert "(nhiệm kỳ 2015–2020)" in timeline
    assert mentioned.title in page and pictured.title in page and elsewhere.title not in page
    photos = page.split('id="photos-title"')[1].split("</section>")[0]
    assert f"Đồng chí {person.full_name} dự ngày hội" in photos
    assert f'href="{pictured.get_absolute_url()}"' in photos
    assert client.get("/nhan-vat/khong-co-ai/").status_code == 404


def test_person_portrait(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import scene_bytes

    person = province["people"][0]
    person.portrait = SimpleUploadedFile("chan-dung.jpg", scene_bytes(300, 400))
    person.save()
    page = html(client.get(person.get_absolute_url()))
    assert f'alt="Ảnh chân dung {person.full_name}"' in page


def test_organization_page(client, province):
    district, old_commune, commune = (
        province["district"],
        province["commune_old"],
        province["commune"],
    )
    cell_news = make_article("Chi bộ thôn Khau Phạ kết nạp đảng viên mới")
    mention_organization(cell_news, province["cell"])  # a descendant of the district
    district_news = make_article("Huyện ủy Bản Lìm sơ kết sáu tháng")
    mention_organization(district_news, district)
    unrelated = make_article("Tin của tỉnh khác")
    mention_organization(unrelated, make_organization("Tỉnh ủy khác"))

    page = html(client.get(district.get_absolute_url()))
    breadcrumb = page.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert province["province"].name in breadcrumb and 'aria-current="page">Huyện ủy' in breadcrumb
    assert old_commune.name in page.split('id="children-title"')[1]
    assert cell_news.title in page and district_news.title in page
    assert unrelated.title not in page
    assert "Kết thúc hoạt động 30/06/2025" in page

    merged = html(client.get(old_commune.get_absolute_url()))
    assert f'Đã đổi tên hoặc sáp nhập vào <a href="{commune.get_absolute_url()}">' in merged
    successor = html(client.get(commune.get_absolute_url()))
    assert f'Kế tục <a href="{old_commune.get_absolute_url()}">{old_commune.name}</a>' in successor
    assert "Nông Minh Khôi" in successor.split('id="officials-title"')[1]

    top = html(client.get(province["province"].get_absolute_url()))
    officials = top.split('id="officials-title"')[1].split("</section>")[0]
    names = re.findall(r'href="/nhan-vat/[^"]+">([^<]+)<', officials)
    assert names[:2] == ["Hoàng Thị Mai", "Lương Văn Tuấn"]  # Bí thư, then Phó Bí thư
    assert cell_news.title in top  # the whole subtree
    assert client.get("/to-chuc/khong-co/").status_code == 404


def test_author_page(client):
    author = make_author("Thu Diễm", bio="Phóng viên ban Thời sự.")
    signed = [make_article(f"Phóng sự số {i}") for i in range(3)]
    for article in signed:
        make_byline(article, author)
    other = make_article("Bài của người khác")
    make_byline(other)
    page = html(client.get(author.get_absolute_url()))
    assert "<h1>Thu Diễm</h1>" in page and "Phóng viên ban Thời sự." in page
    assert all(article.title in page for article in signed) and other.title not in page
    assert client.get("/tac-gia/khong-co/").status_code == 404


def test_tag_page(client):
    tagged = make_article("Xây dựng nông thôn mới ở xã vùng cao")
    tagged.tags.add("Nông thôn mới")
    other = make_article("Tin khác")
    other.tags.add("Du lịch")
    page = html(client.get(f"/chu-de/{tagged.tags.get().slug}/"))
    assert "<h1>Nông thôn mới</h1>" in page and tagged.title in page and other.title not in page
    assert client.get("/chu-de/khong-co/").status_code == 404


def test_404_page_is_in_the_site_style(client):
    make_section("Thời sự")
    response = client.get("/khong-co/bai-nay.html")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page and "Không tìm thấy trang" in page
    assert 'href="/thoi-su/"' in page  # the menu is there
    assert 'action="/tim-kiem/"' in page


def test_500_page_is_in_the_site_style_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in page and "Báo Biên Cương" in page
    assert '<html lang="vi">' in page and "/static/site.css" in page


def test_no_inline_script_or_style_anywhere(client, province):
    article = make_rich_article(province=province)
    urls = [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        province["people"][0].get_absolute_url(),
        province["province"].get_absolute_url(),
        "/tac-gia/ngoc-hieu/",
        "/khong-co/",
    ]
    for url in urls:
        page = client.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>", page)
        assert all('type="application/ld+json"' in attrs for attrs in scripts), url
        assert "style=" not in page and "<style" not in page, url
        assert re.search(r"\son[a-z]+=", page) is None, url  # no inline event handlers


def test_dateline_uses_reference_date_in_local_time(client):
    # 23:30 UTC on 1 March is 06:30 on Tuesday 2 March in Vietnam.
    article = make_article(published_at=datetime(2021, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC")))
    assert "Thứ ba, 02/03/2021 06:30" in html(client.get(article.get_absolute_url()))
    assert article.reference_date == day("02/03/2021")


def test_unpublished_statuses_are_not_pages(client):
    for status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.UNPUBLISHED):
        article = make_article(published=False, status=status)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_article_view_is_subclassable_for_a_staff_preview(province, django_assert_max_num_queries):
    """The editorial preview subclasses ArticleDetailView: any status, no redirect, and still
    only what readers may see around the article (confirmed mentions, published related)."""
    from articles.views import ArticleDetailView

    class Preview(ArticleDetailView):
        published_only = False
        canonical_redirect = False

    draft = make_rich_article(province=province, status=ArticleStatus.DRAFT, published_at=None)
    hidden = make_article("Bài liên quan chưa xuất bản", published=False)
    draft.related_articles.add(hidden)
    mention_person(draft, province["people"][11], confirmed=False)
    request = RequestFactory().get(f"/xem-truoc/{draft.pk}/")
    with django_assert_max_num_queries(10):
        response = Preview.as_view()(request, pk=draft.pk)
        page = response.render().content.decode()
    assert response.status_code == 200 and draft.title in page
    assert page.count('<figure class="photo">') == 5
    assert page.count('<a href="/nhan-vat/') == 10  # confirmed only
    assert "Bài liên quan số 1" in page and hidden.title not in page  # published only
    with pytest.raises(Http404):  # the public view: a draft is not there
        ArticleDetailView.as_view()(request, pk=draft.pk)


def test_lists_stop_at_max_pages(client, monkeypatch):
    from articles.pagination import PeekPaginator

    monkeypatch.setattr(PeekPaginator, "max_pages", 2)
    section = make_section("Kinh tế")
    now = timezone.now()
    for i in range(45):
        make_article(f"Bài {i:02d}", section=section, published_at=now - timedelta(hours=i))
    second = html(client.get("/kinh-te/?trang=2"))
    assert "Bài 39" in second and 'rel="next"' not in second
    assert client.get("/kinh-te/?trang=3").status_code == 404
