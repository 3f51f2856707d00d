"""The staff search in Chromium: sign in, pick a person with the autocomplete, see results."""

import pytest
from django.test import Client

from .factories import (
    at,
    make_article,
    make_organization,
    make_person,
    make_position,
    make_user_with_permission,
    mention_person,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_researcher_finds_a_person_without_tone_marks(page, live_server, screenshot):
    province = make_organization("Ban Chấp hành Đảng bộ tỉnh", short_name="Tỉnh ủy")
    nghiem = make_person("Hoàng Văn Nghiệm")
    make_person("Hoàng Văn Nghiêm")
    make_position(nghiem, province, "Phó Bí thư Thường trực", started_on=at("01/10/2015").date())
    article = make_article(
        "Kiểm tra công tác chuẩn bị đại hội tại Đảng ủy Khối các cơ quan tỉnh",
        published_at=at("22/05/2020"),
        lead="LSO-Đoàn công tác do đồng chí Hoàng Văn Nghiệm dẫn đầu đã làm việc tại cơ sở.",
    )
    mention_person(article, nghiem)
    researcher = make_user_with_permission("view_staff_search", username="tracuu")
    client = Client()
    client.force_login(researcher)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/tra-cuu/")
    screenshot(page, "form")

    page.click(".field-person .select2-selection")
    page.keyboard.type("hoang van nghiem")
    option = page.locator(".select2-results__option", has_text="Hoàng Văn Nghiệm – Phó Bí thư")
    option.wait_for()
    screenshot(page, "autocomplete")
    option.click()
    page.click("input[type=submit][value='Tra cứu']")
    page.wait_for_selector("#result_list")
    screenshot(page, "results")

    assert "1 kết quả" in page.inner_text(".search-summary")
    row = page.locator("#result_list tbody tr").first
    assert article.title in row.inner_text()
    assert "Phó Bí thư Thường trực Tỉnh ủy" in row.inner_text()
    assert row.locator("mark").first.inner_text() == "Hoàng Văn Nghiệm"
    assert page.console_errors == []


def test_reader_searches_without_tone_marks(page, screenshot):
    article = make_article(
        "Hội chợ hồi quế khai mạc", lead="LSO-Sáng nay, hội chợ hồi quế mở cửa đón khách."
    )
    page.goto("/tim-kiem/")
    # The page's own form, not the search box in the site header.
    form = page.get_by_role("region", name="Tìm kiếm")
    form.locator("input[name=q]").fill("hoi que")
    form.get_by_role("button", name="Tìm").click()
    page.wait_for_selector(".search-results")
    screenshot(page, "results")
    assert page.get_by_role("link", name=article.title).is_visible()
    assert "hồi quế" in page.locator(".search-results mark").all_inner_texts()
    assert page.console_errors == []


def test_sub_organization_boxes_stay_ticked_through_a_search(page, live_server):
    researcher = make_user_with_permission("view_staff_search", username="tracuu2")
    client = Client()
    client.force_login(researcher)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/tra-cuu/")
    assert page.is_checked("#id_sub") and page.is_checked("#id_lineage")
    page.fill("#id_q", "hội nghị")
    page.click("input[type=submit][value='Tra cứu']")
    page.wait_for_url("**q=**")
    assert page.is_checked("#id_sub") and page.is_checked("#id_lineage")
    page.uncheck("#id_sub")
    page.click("input[type=submit][value='Tra cứu']")
    page.wait_for_url("**sub=false**")
    assert not page.is_checked("#id_sub") and page.is_checked("#id_lineage")
