"""Each public page type in Chromium at phone and desktop widths: no console errors, no
broken images, and a screenshot per page in tests/screenshots/<test>/."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .factories import (
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_province,
    make_rich_article,
    make_scene_photo,
    make_section,
    mention_person,
    scene_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}
TITLES = [
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười lăm, khóa XVII",
    "Đẩy mạnh chuyển đổi số trong cải cách hành chính ở cấp xã",
    "Xuất nhập khẩu qua cửa khẩu tăng mạnh trong quý III",
    "Đưa sản phẩm hồi, quế của đồng bào vùng cao ra thị trường",
    "Lễ hội Lồng tồng thu hút đông đảo du khách",
    "Bảo đảm an ninh trật tự khu vực biên giới dịp cuối năm",
]

LOAD_ALL_IMAGES = """async () => {
  // Lazy images load only near the viewport: walk down the page, then wait for every image.
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 30));
  }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(r => { img.addEventListener('load', r); img.addEventListener('error', r); })));
  return [...document.images].filter(img => !(img.naturalWidth > 0)).map(img => img.src);
}"""


@pytest.fixture
def site():
    province = make_province()
    sections = [
        make_section(name, order=index)
        for index, name in enumerate(["Thời sự", "Chính trị", "Kinh tế", "Văn hóa", "Xã hội"])
    ]
    article = make_rich_article(province=province, section=sections[0])
    now = timezone.now()
    reporter = make_author("Hồng Nhung")
    for index, title in enumerate(TITLES * 2):
        other = make_article(
            title if index < len(TITLES) else f"{title} (tiếp theo)",
            section=sections[index % len(sections)],
            published_at=now - timedelta(hours=3 + index * 5),
            featured_photo=make_scene_photo(width=900, height=600, seed=index),
            lead="Chiều 21/10, tại hội trường trung tâm tỉnh, lãnh đạo tỉnh chủ trì hội nghị "
            "đánh giá kết quả thực hiện nhiệm vụ chín tháng và bàn giải pháp những tháng cuối năm.",
        )
        make_byline(other, reporter)
        if index % 3 == 0:
            mention_person(other, province["people"][0])
            make_article_photo(other, photo=make_scene_photo(seed=index + 1)).people.add(
                province["people"][0]
            )
    chief = province["people"][0]
    chief.portrait = SimpleUploadedFile("chan-dung.jpg", scene_bytes(480, 600, seed=3))
    chief.bio = "Sinh năm 1972, quê xã Nà Pàn. Thạc sĩ quản lý kinh tế."
    chief.save()
    return {"article": article, "province": province, "sections": sections, "author": reporter}


def page_urls(site):
    article = site["article"]
    return {
        "home": "/",
        "section": site["sections"][0].get_absolute_url(),
        "article": article.get_absolute_url(),
        "person": site["province"]["people"][0].get_absolute_url(),
        "organization": site["province"]["province"].get_absolute_url(),
        "organization-merged": site["province"]["commune_old"].get_absolute_url(),
        "author": site["author"].get_absolute_url(),
        "tag": f"/chu-de/{article.tags.order_by('name').first().slug}/",
        "not-found": "/khong-co-trang-nay/",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_renders_cleanly(page, screenshot, site, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    for name, url in page_urls(site).items():
        page.console_errors.clear()
        response = page.goto(url)
        assert response.status == (404 if name == "not-found" else 200), url
        broken = page.evaluate(LOAD_ALL_IMAGES)
        assert broken == [], f"{url}: broken images {broken}"
        errors = [
            error
            for error in page.console_errors
            # Chromium reports the 404 status of the page itself; that is the page under test.
            if not (name == "not-found" and "404" in error)
        ]
        assert errors == [], f"{url}: {errors}"
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("main#main").count() == 1
        assert page.locator("h1").count() == 1, url
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the {viewport} screen"
        screenshot(page, f"{viewport}-{name}")


def test_keyboard_reaches_the_skip_link_and_main(page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site["article"].get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Bỏ qua" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
