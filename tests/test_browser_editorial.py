"""A reporter writes and submits; an editor publishes; readers find it. In Chromium."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleStatus
from articles.roles import ROLE_EDITOR, ROLE_REPORTER

from .factories import make_author, make_photo, make_section, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"
TITLE = "Lộc Bình: Khánh thành cầu dân sinh qua sông Kỳ Cùng"
LEAD = "Sáng 12/3, huyện Lộc Bình tổ chức lễ khánh thành cầu dân sinh nối hai xã ven sông."
BODY = (
    "Cây cầu dài 120 mét, do Nhân dân và các doanh nghiệp trên địa bàn cùng góp kinh phí xây dựng."
)
CAPTION = "Đại biểu cắt băng khánh thành cầu dân sinh qua sông Kỳ Cùng"


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def log_out(page):
    page.click("#logout-form button")
    page.wait_for_url("**/admin/logout/")


def choose(page, select_id, typed, option_text):
    """Pick a value in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{option_text}')")
    page.wait_for_selector(".select2-container--open", state="detached")


def test_reporter_writes_editor_publishes_reader_finds_it(page, screenshot):
    reporter = make_staff(ROLE_REPORTER, "ngochieu", first_name="Ngọc", last_name="Hiếu")
    make_staff(ROLE_EDITOR, "thudiem", first_name="Thu", last_name="Diễm")
    make_author("Ngọc Hiếu", user=reporter)
    make_section("Kinh tế")
    make_photo(caption="Lễ khánh thành cầu", alt_text="Đại biểu cắt băng trên cầu mới")
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    # The reporter writes the article, with a byline and a captioned photo, and submits it.
    log_in(page, "ngochieu")
    page.goto("/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    # A locator, not wait_for_function: the admin's CSP forbids the eval that one uses.
    expect(page.locator(".field-slug .readonly")).to_contain_text("loc-binh")
    page.fill("#id_lead", LEAD)
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type(BODY)
    choose(page, "id_section", "kinh", "Kinh tế")
    choose(page, "id_bylines-0-author", "ngoc", "Ngọc Hiếu")
    page.click("#article_photos-group .add-row a")
    choose(page, "id_article_photos-0-photo", "khanh thanh", "Lễ khánh thành cầu")
    page.fill("#id_article_photos-0-caption", CAPTION)
    screenshot(page, "1-reporter-writes")
    page.click("button[name=_workflow][value=submit]")
    page.wait_for_selector(".messagelist .success")
    assert "đã gửi duyệt" in page.locator(".messagelist").inner_text()
    screenshot(page, "2-reporter-submitted")
    article = Article.objects.get()
    assert article.status == ArticleStatus.REVIEW
    assert article.slug == "loc-binh-khanh-thanh-cau-dan-sinh-qua-song-ky-cung"
    assert BODY in article.body and article.body.startswith("<p>")
    assert list(article.bylines.values_list("author__name", flat=True)) == ["Ngọc Hiếu"]
    assert list(article.article_photos.values_list("caption", flat=True)) == [CAPTION]
    log_out(page)

    # The editor finds it waiting for review and publishes it.
    log_in(page, "thudiem")
    page.goto("/admin/articles/article/")
    page.click(".desk-shortcuts a:has-text('Chờ duyệt')")
    page.wait_for_url(re.compile(r".*ban=cho-duyet"))
    screenshot(page, "3-editor-desk-waiting-for-review")
    page.click(f"#result_list a:has-text('{TITLE}')")
    page.wait_for_selector("button[name=_workflow][value=approve]")
    assert "Đủ điều kiện xuất bản" in page.locator(".workflow-state").inner_text()
    screenshot(page, "4-editor-reviews")
    page.click("button[name=_workflow][value=approve]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "5-editor-published")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.is_live

    # Readers find it at its public address.
    page.goto(article.get_absolute_url())
    assert page.locator("h1").inner_text() == TITLE
    assert BODY in page.locator("main").inner_text()
    screenshot(page, "6-public-article")
    # No request of any page failed. The admin's pages link no favicon, so Chromium fetches
    # /favicon.ico on its own (a request pages do not see): its 404 is the only console error.
    assert failed == []
    assert set(page.console_errors) <= {
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    }
