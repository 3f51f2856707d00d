"""End to end in Chromium: the newsroom's stories as its people live them.

1–3. A reporter writes an article with a photo, mentions and a byline, and submits it; an
     editor sends it back with a note; the reporter fixes it and resubmits; the editor
     publishes it; a reader finds it on the home page, in its section, on the person's and
     the organization's pages, and in search.
4.   A researcher searches by person and by organization and downloads the CSV.
5.   Two editors edit the same article: the second is warned, refused, and loses nothing.

Each story builds its own data, so any one runs alone. Every page is checked for console
errors and failed requests; each step leaves tests/screenshots/<test>/<step>.png.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from articles.models import Article, ArticleStatus
from articles.roles import ROLE_EDITOR, ROLE_REPORTER, ROLE_RESEARCHER

from .factories import (
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_province,
    make_ready_article,
    make_scene_photo,
    make_section,
    make_staff,
    mention_organization,
    mention_person,
    scene_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"
TIMEOUT_MS = 10_000

# Story 1–3: the article, in the shape of the paper's own (our own words).
TITLE = "Kiểm tra tiến độ xây dựng cầu dân sinh tại xã Nà Pàn"
LEAD = (
    "Sáng 14/11, đoàn công tác của tỉnh do đồng chí Lương Văn Tuấn, Phó Bí thư Thường trực "
    "Tỉnh ủy, Chủ tịch HĐND tỉnh làm trưởng đoàn đã kiểm tra tiến độ xây dựng cầu dân sinh "
    "tại xã Nà Pàn."
)
BODY = [
    "Cầu dân sinh Nà Pàn dài 96 mét, nối trung tâm xã với ba thôn bên kia sông. "
    "Công trình khởi công từ tháng 3, đến nay đã hoàn thành phần mố và trụ cầu.",
    "Phát biểu tại buổi kiểm tra, đồng chí Phó Bí thư Thường trực Tỉnh ủy đề nghị Đảng ủy "
    "xã Nà Pàn chỉ đạo đơn vị thi công bảo đảm chất lượng, an toàn lao động.",
]
FIX = "Tổng vốn đầu tư công trình là 18,5 tỷ đồng; dự kiến hoàn thành trước Tết Nguyên đán."
NOTE = "Bài còn thiếu tổng vốn đầu tư và thời gian hoàn thành; bổ sung rồi gửi lại."
PHOTO_CAPTION = "Cầu dân sinh Nà Pàn đang thi công phần trụ"
CAPTION = (
    "Đồng chí Lương Văn Tuấn, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh "
    "(thứ hai từ trái sang) kiểm tra hiện trường thi công cầu"
)
PERSON = "Lương Văn Tuấn"
ORGANIZATION = "Đảng ủy xã Nà Pàn"


# ----------------------------------------------------------------------------- helpers


def assert_clean(page, where: str) -> None:
    """Nothing went wrong on the page since the last check: no console error, no failed
    request (HTTP >= 400, or no answer at all)."""
    assert page.console_errors == [], f"{where}: console errors {page.console_errors}"
    assert page.failed_requests == [], f"{where}: failed requests {page.failed_requests}"


def step(page, screenshot, name: str) -> None:
    """A step of a story: the page is clean; keep a picture of it."""
    assert_clean(page, name)
    screenshot(page, name)


def log_in(page, username: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def choose(page, select_id: str, typed: str, option_text: str) -> None:
    """Pick a value in an autocomplete (select2) field by typing part of it, unaccented."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    # Wait for the answer to what was typed: opening the box lists everything first, and an
    # option seen in that list proves nothing about the search.
    with page.expect_response(lambda response: "term=" in response.url) as answer:
        page.fill(".select2-container--open .select2-search__field", typed)
    answer.value.finished()
    page.click(f".select2-results__option:has-text('{option_text}')")
    expect(page.locator(".select2-container--open")).to_have_count(0)


def add_inline_row(page, group: str) -> None:
    page.click(f"#{group}-group .add-row a")


def success_message(page):
    message = page.locator(".messagelist .success")
    expect(message).to_be_visible()
    return message


def prose_editor(page):
    return page.locator(".prose-editor [contenteditable=true]")


def type_at_end(page, text: str) -> None:
    """Type a new paragraph at the end of the body, as a writer does."""
    editor = prose_editor(page)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def route_exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def open_article_from_desk(page, title: str, shortcut: str) -> None:
    page.goto("/admin/articles/article/")
    page.click(f".desk-shortcuts a:has-text('{shortcut}')")
    page.click(f"#result_list a:has-text('{title}')")
    expect(page.locator(".workflow-state")).to_be_visible()


# ----------------------------------------------------------------------------- stories 1–3


@pytest.fixture
def newsroom():
    """Who works on the story, and what it will link to."""
    province = make_province()
    reporter = make_staff(ROLE_REPORTER, "ngochieu", first_name="Ngọc", last_name="Hiếu")
    make_staff(ROLE_EDITOR, "thudiem", first_name="Thu", last_name="Diễm")
    make_author("Ngọc Hiếu", user=reporter)
    sections = [make_section(name, order=i) for i, name in enumerate(["Thời sự", "Xã hội"])]
    # The home page and the section have other news too: the story must stand out in it.
    for index, title in enumerate(
        ["Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười lăm", "Ra quân mùa khô ở vùng cao"]
    ):
        other = make_article(
            title, section=sections[index], featured_photo=make_scene_photo(seed=index)
        )
        make_byline(other)
    return {"province": province, "sections": sections}


def test_article_from_draft_to_reader(page, open_page, screenshot, newsroom):
    person = newsroom["province"]["people"][0]
    organization = newsroom["province"]["commune"]
    assert (person.full_name, organization.name) == (PERSON, ORGANIZATION)
    reporter = page

    # 1. The reporter uploads a photo to the library, then writes the article and submits it.
    log_in(reporter, "ngochieu")
    reporter.goto("/admin/articles/photo/add/")
    reporter.set_input_files(
        "#id_image",
        files=[{"name": "cau-na-pan.jpg", "mimeType": "image/jpeg", "buffer": scene_bytes()}],
    )
    reporter.fill("#id_alt_text", "Công nhân đổ bê tông trụ cầu giữa lòng sông")
    reporter.fill("#id_caption", PHOTO_CAPTION)
    reporter.fill("#id_credit", "Ngọc Hiếu")
    reporter.click("input[name=_save]")
    success_message(reporter)
    step(reporter, screenshot, "01-reporter-uploads-photo")

    reporter.goto("/admin/articles/article/add/")
    reporter.fill("#id_title", TITLE)
    expect(reporter.locator(".field-slug .readonly")).to_contain_text("kiem-tra-tien-do")
    reporter.fill("#id_lead", LEAD)
    prose_editor(reporter).click()
    reporter.keyboard.type(BODY[0])
    reporter.keyboard.press("Enter")
    reporter.keyboard.type(BODY[1])
    choose(reporter, "id_section", "xa hoi", "Xã hội")
    reporter.fill("#id_tags", "Cầu dân sinh, Nà Pàn")
    choose(reporter, "id_bylines-0-author", "ngoc hieu", "Ngọc Hiếu")
    add_inline_row(reporter, "article_photos")
    choose(reporter, "id_article_photos-0-photo", "cau dan sinh", PHOTO_CAPTION)
    reporter.fill("#id_article_photos-0-caption", CAPTION)
    choose(reporter, "id_article_photos-0-people", "luong van tuan", PERSON)
    add_inline_row(reporter, "person_mentions")
    choose(reporter, "id_person_mentions-0-person", "luong van tuan", PERSON)
    reporter.check("#id_person_mentions-0-confirmed")
    add_inline_row(reporter, "organization_mentions")
    choose(reporter, "id_organization_mentions-0-organization", "na pan", ORGANIZATION)
    reporter.check("#id_organization_mentions-0-confirmed")
    step(reporter, screenshot, "02-reporter-writes")
    reporter.click("button[name=_workflow][value=submit]")
    expect(success_message(reporter)).to_contain_text("đã gửi duyệt")
    step(reporter, screenshot, "03-reporter-submitted")

    article = Article.objects.get(title=TITLE)
    assert article.status == ArticleStatus.REVIEW
    assert all(paragraph in article.body for paragraph in BODY)
    assert list(article.bylines.values_list("author__name", flat=True)) == ["Ngọc Hiếu"]
    usage = article.article_photos.get()
    assert (usage.caption, usage.photo.caption) == (CAPTION, PHOTO_CAPTION)
    assert list(usage.people.all()) == [person]
    assert list(article.person_mentions.values_list("person", "confirmed")) == [(person.pk, True)]
    assert list(article.organization_mentions.values_list("organization", "confirmed")) == [
        (organization.pk, True)
    ]
    assert sorted(article.tags.names()) == ["Cầu dân sinh", "Nà Pàn"]

    # 2. The editor sends it back with a note.
    editor = open_page()
    log_in(editor, "thudiem")
    open_article_from_desk(editor, TITLE, "Chờ duyệt")
    expect(editor.locator(".workflow-state")).to_contain_text("Đủ điều kiện xuất bản")
    editor.fill("#id_workflow_note", NOTE)
    step(editor, screenshot, "04-editor-reviews")
    editor.click("button[name=_workflow][value=send_back]")
    expect(success_message(editor)).to_contain_text("đã trả lại phóng viên")
    step(editor, screenshot, "05-editor-sent-back")

    # The reporter finds it among their drafts, reads the note, fixes it and resubmits.
    open_article_from_desk(reporter, TITLE, "Bài của tôi")
    expect(reporter.locator(".sent-back")).to_contain_text("Thu Diễm")
    expect(reporter.locator(".sent-back blockquote")).to_have_text(NOTE)
    step(reporter, screenshot, "06-reporter-reads-note")
    type_at_end(reporter, FIX)
    reporter.fill("#id_workflow_note", "Đã bổ sung vốn đầu tư và thời gian hoàn thành.")
    reporter.click("button[name=_workflow][value=submit]")
    expect(success_message(reporter)).to_contain_text("đã gửi duyệt")
    step(reporter, screenshot, "07-reporter-resubmitted")

    # The editor publishes it.
    open_article_from_desk(editor, TITLE, "Chờ duyệt")
    expect(editor.locator(".field-body")).to_contain_text(FIX)
    editor.click("button[name=_workflow][value=approve]")
    expect(success_message(editor)).to_contain_text("đã duyệt và xuất bản")
    step(editor, screenshot, "08-editor-published")
    article.refresh_from_db()
    assert article.is_live and FIX in article.body
    steps = list(
        article.transitions.order_by("created_at", "pk").values_list(
            "from_status", "to_status", "note"
        )
    )
    assert [(a, b) for a, b, _ in steps] == [
        ("draft", "review"),
        ("review", "draft"),
        ("draft", "review"),
        ("review", "published"),
    ]
    assert steps[1][2] == NOTE

    # 3. A reader finds it on the home page, in its section, on the article's page, on the
    # person's and the organization's pages.
    reader = open_page()
    reader.set_default_timeout(TIMEOUT_MS)
    reader.goto("/")
    expect(reader.get_by_role("link", name=TITLE).first).to_be_visible()
    # The masthead reads: the paper's name is not drawn in the header's own colour.
    brand = reader.locator(".site-header .brand")
    expect(brand).to_be_visible()
    assert brand.evaluate("b => getComputedStyle(b).color") != reader.locator(
        ".site-header"
    ).evaluate("h => getComputedStyle(h).backgroundColor")
    step(reader, screenshot, "09-reader-home")
    reader.locator("nav").get_by_role("link", name="Xã hội", exact=True).first.click()
    expect(reader.locator("h1")).to_have_text("Xã hội")
    step(reader, screenshot, "10-reader-section")
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_url(f"**{article.get_absolute_url()}")

    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".article-body")).to_contain_text(FIX)
    expect(reader.locator("figcaption").first).to_contain_text(CAPTION)
    expect(reader.locator(".byline")).to_contain_text("Ngọc Hiếu")
    assert all(
        img.evaluate("i => i.complete && i.naturalWidth > 0")
        for img in reader.locator("main img").all()
    )
    step(reader, screenshot, "11-reader-article")

    reader.locator(".article-footer").get_by_role("link", name=PERSON).click()
    reader.wait_for_url(f"**{person.get_absolute_url()}")
    expect(reader.locator("h1")).to_have_text(PERSON)
    expect(reader.locator("main").get_by_role("link", name=TITLE).first).to_be_visible()
    expect(reader.locator(".photo-grid")).to_contain_text("Đồng chí Lương Văn Tuấn")
    step(reader, screenshot, "12-reader-person-page")

    reader.go_back()
    reader.locator(".article-footer").get_by_role("link", name=ORGANIZATION).click()
    reader.wait_for_url(f"**{organization.get_absolute_url()}")
    expect(reader.locator("h1")).to_have_text(ORGANIZATION)
    expect(reader.locator("main").get_by_role("link", name=TITLE).first).to_be_visible()
    step(reader, screenshot, "13-reader-organization-page")

    # The readers' search is built on branch `search`; this step runs once it is merged.
    if not route_exists("search:public"):
        pytest.skip("readers' search /tim-kiem/ (URL name search:public) is not on this branch")
    reader.fill("#site-search-q", "cau dan sinh na pan")  # the header's box, unaccented
    reader.press("#site-search-q", "Enter")
    reader.wait_for_url("**/tim-kiem/?q=cau+dan+sinh+na+pan")
    expect(reader.locator("main").get_by_role("link", name=TITLE).first).to_be_visible()
    step(reader, screenshot, "14-reader-search")


# ----------------------------------------------------------------------------- story 4


@pytest.fixture
def archive():
    """Published stories about one official and one body, a draft, and one about neither."""
    province = make_province()
    chief, council = province["people"][0], province["council"]
    section = make_section("Chính trị")
    stories = {}
    for key, title, lead, people, bodies, published in [
        (
            "both",
            "Khai mạc kỳ họp thứ mười HĐND tỉnh khóa XVII",
            "Sáng 8/12, đồng chí Lương Văn Tuấn, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch "
            "HĐND tỉnh chủ trì khai mạc kỳ họp.",
            [chief],
            [council],
            True,
        ),
        (
            "person",
            "Lãnh đạo tỉnh thăm, tặng quà gia đình chính sách",
            "Chiều 26/7, đồng chí Lương Văn Tuấn thăm, tặng quà các gia đình chính sách.",
            [chief],
            [],
            True,
        ),
        (
            "body",
            "Thường trực HĐND tỉnh giám sát công tác giảm nghèo",
            "Đoàn giám sát của Thường trực HĐND tỉnh làm việc tại các xã vùng cao.",
            [],
            [council],
            True,
        ),
        (
            "draft",
            "Tiếp xúc cử tri trước kỳ họp cuối năm",
            "Đồng chí Lương Văn Tuấn tiếp xúc cử tri xã Nà Pàn.",
            [chief],
            [],
            False,
        ),
        (
            "neither",
            "Mùa hồi chín trên những triền đồi",
            "Những ngày này, nông dân vùng cao vào vụ thu hoạch hồi.",
            [],
            [],
            True,
        ),
    ]:
        article = make_article(title, section=section, published=published, lead=lead)
        make_byline(article)
        for person in people:
            mention = mention_person(article, person, field="lead")
            mention.positions.set(person.positions.filter(title="Phó Bí thư Thường trực"))
        for body in bodies:
            mention_organization(article, body, field="lead")
        stories[key] = article
    make_article_photo(stories["neither"])  # a photo, but of nobody in particular
    make_staff(ROLE_RESEARCHER, "minhthu", first_name="Minh", last_name="Thư")
    return {"chief": chief, "council": council, "stories": stories}


def download_csv(page) -> str:
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Xuất toàn bộ kết quả")).click()
    raw = download_info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must start with the UTF-8 BOM for Excel"
    return raw.decode("utf-8-sig")


def result_titles(page) -> set[str]:
    return set(page.locator("#result_list th[scope=row] > a:first-child").all_inner_texts())


def test_researcher_searches_by_person_and_organization(page, screenshot, archive):
    if not route_exists("search:staff_search"):
        pytest.skip("staff search /tra-cuu/ (URL name search:staff_search) is not on this branch")
    stories = archive["stories"]
    log_in(page, "minhthu")
    page.goto(reverse("search:staff_search"))
    step(page, screenshot, "1-staff-search-form")

    # By person: every article about them, drafts too, with the positions cited.
    choose(page, "id_person", "luong van tuan", PERSON)
    page.click("input[type=submit][value='Tra cứu']")
    expect(page.locator("#result_list")).to_be_visible()
    assert result_titles(page) == {stories[k].title for k in ("both", "person", "draft")}
    expect(page.locator("#result_list")).to_contain_text("Phó Bí thư Thường trực")
    step(page, screenshot, "2-results-by-person")
    exported = download_csv(page)
    for key in ("both", "person", "draft"):
        assert stories[key].title in exported
    assert stories["body"].title not in exported and stories["neither"].title not in exported
    assert_clean(page, "CSV by person")

    # By organization: a fresh search, by its abbreviation.
    page.goto(reverse("search:staff_search"))
    choose(page, "id_organization", "hdnd", archive["council"].name)
    page.click("input[type=submit][value='Tra cứu']")
    expect(page.locator("#result_list")).to_be_visible()
    assert result_titles(page) == {stories[k].title for k in ("both", "body")}
    step(page, screenshot, "3-results-by-organization")
    exported = download_csv(page)
    assert stories["body"].title in exported and stories["both"].title in exported
    assert stories["person"].title not in exported
    assert exported.splitlines()[0].startswith("Mã bài,")
    assert_clean(page, "CSV by organization")


# ----------------------------------------------------------------------------- story 5


def test_two_editors_edit_one_article_and_nothing_is_lost(page, open_page, screenshot):
    make_staff(ROLE_EDITOR, "thudiem", first_name="Thu", last_name="Diễm")
    make_staff(ROLE_EDITOR, "quocviet", first_name="Quốc", last_name="Việt")
    article = make_ready_article(
        title="Nông dân vùng biên thu hoạch hồi vụ chính",
        lead="Những ngày này, nông dân các xã vùng biên đang vào vụ thu hoạch hồi chính.",
        status=ArticleStatus.REVIEW,
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    first, second = page, open_page()
    log_in(first, "thudiem")
    log_in(second, "quocviet")

    # Both open it; the second is told who else has it open.
    first.goto(url)
    second.goto(url)
    notice = second.locator("#editing-presence")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Đang được chỉnh sửa bởi Thu Diễm")
    step(second, screenshot, "1-second-editor-sees-presence")

    # The first retitles it and saves.
    new_title = "Nông dân vùng biên phấn khởi thu hoạch hồi vụ chính được giá"
    first.fill("#id_title", new_title)
    first.click("input[name=_continue]")
    success_message(first)
    step(first, screenshot, "2-first-editor-saved")

    # The second, meanwhile, rewrote the lead and added a paragraph, and saves: refused,
    # told who saved and what changed, with everything typed still in the form.
    my_lead = "Những ngày cuối tháng 10, hàng nghìn hộ nông dân vùng biên vào vụ thu hoạch hồi."
    my_paragraph = "Giá hồi khô năm nay đạt 85.000 đồng mỗi ki-lô-gam, cao nhất trong 5 năm."
    second.fill("#id_lead", my_lead)
    type_at_end(second, my_paragraph)
    second.click("input[name=_continue]")
    conflict = second.locator(".edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Thu Diễm")
    expect(conflict).to_contain_text("Tiêu đề")
    expect(second.locator(".errorlist.nonfield")).to_contain_text("Thu Diễm")
    expect(second.locator(".errornote")).to_contain_text("Vui lòng sửa lỗi")  # not English
    expect(second.locator("#id_lead")).to_have_value(my_lead)
    expect(prose_editor(second)).to_contain_text(my_paragraph)
    step(second, screenshot, "3-second-editor-refused-nothing-lost")
    article.refresh_from_db()
    assert article.title == new_title and article.lead != my_lead

    # Having read the difference, the second keeps the first's title and saves deliberately.
    second.fill("#id_title", new_title)
    second.click("input[name=_continue]")
    expect(success_message(second)).to_be_visible()
    expect(second.locator(".edit-conflict")).to_have_count(0)
    step(second, screenshot, "4-second-editor-saved")
    article.refresh_from_db()
    assert (article.title, article.lead) == (new_title, my_lead)
    assert my_paragraph in article.body
    assert article.edited_by.username == "quocviet"
