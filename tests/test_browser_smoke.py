import pytest

from .factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium(page, screenshot):
    article = make_article("Khai mạc Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    page.goto("/")
    page.get_by_role("link", name=article.title).click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == article.title
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "article")
    assert page.console_errors == []
