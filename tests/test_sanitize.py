"""Article HTML is cleaned in one place (newsroom.html.sanitize_html) on every save."""

import re

import pytest

from articles.roles import ROLE_REPORTER
from newsroom.html import sanitize_html

from .adminform import form_data, with_values
from .factories import make_article, make_ready_article, make_staff

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="jav&#x09;ascript:alert(1)">bấm</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<p onclick="alert(1)" onmouseover="alert(2)">đoạn văn</p>',
    '<p style="background:url(javascript:alert(1))">đoạn văn</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<base href="javascript:alert(1)//">',
    '<a href="#" onfocus=alert(1) autofocus>x</a>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<table background="javascript:alert(1)"><tr><td>ô</td></tr></table>',
    "<div><template><script>alert(1)</script></template></div>",
    '<blockquote cite="javascript:alert(1)" onmouseenter=alert(1)>trích</blockquote>',
]

FORBIDDEN = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"<\s*script",
        r"<\s*style",
        r"<\s*iframe",
        r"<\s*svg",
        r"<\s*img",
        r"<\s*object",
        r"<\s*embed",
        r"<\s*form",
        r"<\s*link",
        r"<\s*meta",
        r"<\s*base",
        r"<\s*math",
        r"\son\w+\s*=",
        r"javascript:",
        r"vbscript:",
        r"data:",
        r"style\s*=",
        r"alert\(",
    )
]


def test_there_are_at_least_twenty_payloads():
    assert len(XSS_PAYLOADS) >= 20


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_neutralized(payload):
    cleaned = sanitize_html(f"<p>Trước</p>{payload}<p>Sau</p>")
    for pattern in FORBIDDEN:
        assert not pattern.search(cleaned), (pattern.pattern, cleaned)
    # The article's own text around the payload survives.
    assert "<p>Trước</p>" in cleaned and "<p>Sau</p>" in cleaned


def test_the_newsroom_markup_is_kept():
    html = (
        "<h2>Kết quả</h2><h3>Nông nghiệp</h3><h4>Chăn nuôi</h4>"
        "<p>Đoạn <strong>đậm</strong>, <em>nghiêng</em>, <b>b</b>, <i>i</i><br>dòng mới.</p>"
        "<ul><li>một</li></ul><ol><li>hai</li></ol>"
        "<blockquote><p>Trích phát biểu</p></blockquote>"
        '<p><a href="https://baolangson.vn/bai-viet" title="Báo">liên kết</a> '
        '<a href="/thoi-su/bai-khac-12.html">nội bộ</a> '
        '<a href="mailto:toasoan@example.vn">thư</a></p>'
    )
    cleaned = sanitize_html(html)
    for kept in [
        "<h2>Kết quả</h2>",
        "<h3>Nông nghiệp</h3>",
        "<h4>Chăn nuôi</h4>",
        "<strong>đậm</strong>",
        "<em>nghiêng</em>",
        "<b>b</b>",
        "<i>i</i>",
        "<br>",
        "<ul><li>một</li></ul>",
        "<ol><li>hai</li></ol>",
        "<blockquote><p>Trích phát biểu</p></blockquote>",
        'href="https://baolangson.vn/bai-viet"',
        'title="Báo"',
        'href="/thoi-su/bai-khac-12.html"',
        'href="mailto:toasoan@example.vn"',
    ]:
        assert kept in cleaned, kept
    assert cleaned.count('rel="noopener noreferrer"') == 3


def test_links_get_a_safe_rel_whatever_they_asked_for():
    cleaned = sanitize_html('<a href="https://x.example" rel="opener" target="_blank">x</a>')
    assert cleaned == '<a href="https://x.example" rel="noopener noreferrer">x</a>'


def test_unknown_tags_keep_their_text_and_h1_becomes_text():
    assert sanitize_html("<h1>Tít</h1><div><span>chữ</span></div>") == "Títchữ"


@pytest.mark.parametrize("empty", [None, "", "   ", "<p></p>", "<p><br></p>", "<p> </p>\n<p></p>"])
def test_an_empty_document_is_an_empty_string(empty):
    assert sanitize_html(empty) == ""


def test_sanitizing_twice_changes_nothing():
    once = sanitize_html("<p>Chữ <a href='https://x.example'>x</a><script>1</script></p>")
    assert sanitize_html(once) == once


@pytest.mark.django_db
def test_every_save_sanitizes_the_body_and_the_search_text():
    article = make_article(body="<p onclick=alert(1)>Hội nghị</p><script>alert('bí mật')</script>")
    article.refresh_from_db()
    assert article.body == "<p>Hội nghị</p>"
    assert "bi mat" not in article.search_document and "hoi nghi" in article.search_document


@pytest.mark.django_db
def test_the_admin_form_stores_clean_html(client):
    reporter = make_staff(ROLE_REPORTER)
    article = make_ready_article(created_by=reporter)
    client.force_login(reporter)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url))
    dirty = '<p>Sáng 19/10 <a href="javascript:alert(1)" onclick="x()">xem</a></p><iframe src="https://evil.example"></iframe>'
    response = client.post(url, with_values(data, body=dirty))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == '<p>Sáng 19/10 <a rel="noopener noreferrer">xem</a></p>'
