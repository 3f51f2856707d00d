"""Security: CSP the pages satisfy, safe media, login throttling, hostile URLs never 500."""

import base64
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from newsroom import security, throttle
from newsroom.media import resolve_media_path

from .factories import (
    image_bytes,
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_user,
    mention_organization,
    mention_person,
)

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
PASSWORD = "mat-khau-thu-nghiem-1"


@pytest.fixture
def published(db):
    """One published article with everything a public page links to."""
    organization = make_organization("Đảng ủy Khối các cơ quan tỉnh", abbreviation="KCCQ")
    person = make_person("Hứa Minh Cường")
    author = make_author("Thu Diễm")
    article = make_article(
        "Hội nghị Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh",
        lead="Sáng 20/4, Đảng ủy Khối các cơ quan (KCCQ) tỉnh tổ chức hội nghị.",
    )
    article.tags.add("Xây dựng Đảng")
    make_byline(article, author)
    make_article_photo(article, caption="Đồng chí Hứa Minh Cường phát biểu")
    mention_person(article, person)
    mention_organization(article, organization)
    return {
        "article": article,
        "person": person,
        "organization": organization,
        "author": author,
        "urls": [
            "/",
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            person.get_absolute_url(),
            organization.get_absolute_url(),
            author.get_absolute_url(),
            reverse("articles:tag", kwargs={"tag": "xay-dung-dang"}),
        ],
    }


# --- Content-Security-Policy and other headers ---------------------------------------------


def test_public_pages_send_the_strict_policy_and_security_headers(client, published):
    for url in published["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == PUBLIC_CSP
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]


def test_admin_allows_inline_styles_but_no_inline_script(admin_client):
    response = admin_client.get("/admin/")
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


@override_settings(CSP_MEDIA_ORIGINS=["https://anh.baobiencuong.vn"])
def test_media_on_another_origin_is_allowed_as_images_only(client, published):
    policy = client.get("/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://anh.baobiencuong.vn;" in policy
    assert "script-src 'self';" in policy


def test_report_only_mode(client, db, settings):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/")
    assert response["Content-Security-Policy-Report-Only"] == PUBLIC_CSP
    assert "Content-Security-Policy" not in response


def test_import_maps_are_allowed_by_hash_only_when_they_map_static_files():
    own = '{"imports": {"django-prose-editor/editor": "/static/django_prose_editor/editor.js"}}'
    foreign = '{"imports": {"x": "https://evil.example/x.js"}}'
    html = (
        f'<script type="importmap">{own}</script>'
        f'<script type="importmap">{foreign}</script>'
        '<script type="importmap">not json</script>'
    )
    expected = base64.b64encode(hashlib.sha256(own.encode()).digest()).decode()
    assert security.importmap_hashes(html) == [f"'sha256-{expected}'"]


def test_public_templates_have_no_inline_script_or_style():
    """The public policy forbids them; a template that needs one breaks in browsers."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
        r"|<style\b|\sstyle=|\son[a-z]+=",
        re.I,
    )
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        relative = path.relative_to(ROOT / "templates")
        if relative.parts[0] in {"admin", "registration"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if inline.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()[:80]}")
    assert offenders == []


# --- media ----------------------------------------------------------------------------------


@pytest.fixture
def media_files(settings, tmp_path):
    root = Path(settings.MEDIA_ROOT)
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "anh.jpg").write_bytes(image_bytes())
    (root / "photos" / "bieu-do.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / "photos" / "trang.html").write_text("<script>alert(document.cookie)</script>")
    (root / "photos" / "ANH HOA.PNG").write_bytes(image_bytes(fmt="PNG"))
    secret = tmp_path / "secret.txt"
    secret.write_text("không được lộ")
    (root / "photos" / "link.jpg").symlink_to(secret)
    return root


def test_images_are_served_with_their_type_and_nothing_else_runs(client, media_files):
    response = client.get("/media/photos/anh.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == image_bytes()
    png = client.get("/media/photos/ANH%20HOA.PNG")
    assert png["Content-Type"] == "image/png"

    for name in ["bieu-do.svg", "trang.html"]:
        response = client.get(f"/media/photos/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.txt",
        "/media/photos/../../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/photos/%2e%2e/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media/photos/..%5c..%5csecret.txt",
        "/media//etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/photos/link.jpg",
        "/media/photos/anh.jpg%00.html",
        "/media/photos/",
        "/media/photos",
        "/media/khong-co.jpg",
    ],
)
@pytest.mark.django_db  # the 404 page lists the sections
def test_paths_outside_media_root_are_refused(client, media_files, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "không được lộ" not in response.content.decode(errors="replace")


def test_media_view_refuses_writes(client, media_files):
    assert client.post("/media/photos/anh.jpg").status_code == 405
    assert client.head("/media/photos/anh.jpg").status_code == 200


@given(path=st.text(max_size=60))
@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_fuzzed_media_path_leaves_media_root(path, media_files):
    try:
        found = resolve_media_path(path)
    except Http404:
        return
    assert found.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert found.is_file() and not found.is_symlink()


# --- login throttling ------------------------------------------------------------------------


@pytest.fixture
def editor(db, settings):
    # A fast hasher: these tests check passwords dozens of times, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield make_user("bientap", password=PASSWORD)
    cache.clear()


def attempt(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def test_five_failures_lock_the_name_from_that_address_with_429(client, editor):
    for _ in range(5):
        response = attempt(client, "bientap", "sai-mat-khau")
        assert response.status_code == 200
        assert "Bạn đã đăng nhập sai quá nhiều lần" not in response.content.decode()

    refused = attempt(client, "bientap", PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.LOGIN_THROTTLE_WINDOW)
    text = refused.content.decode()
    assert "Bạn đã đăng nhập sai quá nhiều lần" in text and "15 phút" in text
    assert "_auth_user_id" not in client.session

    # Another address, or another name from this address, is not locked.
    assert attempt(client, "bientap", PASSWORD, address="198.51.100.9").status_code == 302


def test_the_name_is_case_insensitive_and_other_names_still_work(client, editor):
    make_user("phongvien", password=PASSWORD)
    for name in ["BienTap", "bientap ", "BIENTAP", "bientap", "Bientap"]:
        attempt(client, name, "sai")
    assert attempt(client, "bientap", PASSWORD).status_code == 429
    assert attempt(client, "phongvien", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(client, editor):
    for _ in range(4):
        attempt(client, "bientap", "sai")
    assert attempt(client, "bientap", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "bientap", "sai").status_code == 200
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_locked_too(client, editor):
    for number in range(20):
        attempt(client, f"nguoi{number}", "sai")
    assert attempt(client, "bientap", PASSWORD).status_code == 429


def test_the_lock_ends_after_the_window(client, editor, settings):
    import time

    settings.LOGIN_THROTTLE_WINDOW = 2
    # Five failures recorded at once (checking five wrong passwords takes longer than 2 s).
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        throttle.record_failure(request, "bientap")
    assert attempt(client, "bientap", PASSWORD).status_code == 429
    time.sleep(2.2)
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_forwarded_for_is_believed_only_from_trusted_proxies(client, editor, settings):
    # Direct exposure: a client cannot dodge the lock by inventing X-Forwarded-For.
    for number in range(5):
        attempt(client, "bientap", "sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert attempt(client, "bientap", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429

    # Behind one proxy, the address it appended is the client's.
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        attempt(client, "bientap", "sai", address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    locked = attempt(
        client, "bientap", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert locked.status_code == 429
    other = attempt(
        client, "bientap", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 2.2.2.2"
    )
    assert other.status_code == 302


def test_throttling_works_on_the_file_cache_production_uses_without_redis(client, editor, tmp_path):
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with override_settings(CACHES=file_cache):
        for _ in range(5):
            attempt(client, "bientap", "sai")
        assert attempt(client, "bientap", PASSWORD).status_code == 429
        request = RequestFactory().post("/admin/login/", REMOTE_ADDR="203.0.113.7")
        count, first = cache.get(throttle._keys(request, "bientap")[0])
        assert count == 5 and first > 0


# --- hostile URLs: fuzzed paths and query strings never give a 500 ---------------------------


def public_routes():
    """(route pattern pieces) for every URL outside the admin, from the root URLconf."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin" or entry.namespace == "admin":
                    continue
                walk(entry.url_patterns, [*prefix, entry.pattern])
            elif isinstance(entry, URLPattern):
                if str(entry.pattern).startswith("admin/"):
                    continue
                found.append([*prefix, entry.pattern])

    walk(get_resolver().url_patterns, [])
    return found


TOKEN = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def route_strategy(pieces):
    """Paths shaped like the route: each parameter valid for its converter, or any text."""
    parts = []
    for piece in pieces:
        if isinstance(piece, RoutePattern):
            route = str(piece)
            position = 0
            for match in TOKEN.finditer(route):
                parts.append(st.just(route[position : match.start()]))
                converter = piece.converters[match.group("name")]
                parts.append(
                    st.one_of(
                        st.from_regex(converter.regex, fullmatch=True),
                        st.text(min_size=1, max_size=40),
                    ).map(lambda value: quote(value, safe=""))
                )
                position = match.end()
            parts.append(st.just(route[position:]))
        else:
            regex = piece.regex.pattern
            parts.append(st.from_regex(regex, fullmatch=True).map(lambda v: quote(v, safe="/")))
    return st.tuples(*parts).map(lambda values: "/" + "".join(values).lstrip("^"))


QUERY_KEYS = ["page", "q", "tu", "den", "ngay", "sort", "format", "p", "next", "id"]
query_values = st.one_of(
    st.text(max_size=80),
    st.integers().map(str),
    st.sampled_from(["-1", "0", "last", "1e9", "9" * 30, "%", "%00", "\x00", "'", '"><svg>']),
)
query_strings = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10)), query_values, max_size=4
    ).map(
        lambda data: "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in data.items())
    ),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80).map(
        lambda text: quote(text, safe="=&%+;")
    ),
)


@pytest.mark.parametrize(
    "url",
    [
        "/bai-viet/tieu-de-99999999999999999999999999.html",
        "/bai-viet/tieu-de--1.html",
        "/nhan-vat/%00/",
        "/to-chuc/..%2f..%2fetc/",
        "/chu-de/%F0%9F%98%80/",
        "/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/?page=999999999999999999999",
        "/?page=%00",
        "/?q=%ZZ",
        "/" + "a" * 5000 + "/",
    ],
)
def test_known_hostile_urls_are_answered_without_a_server_error(client, published, url):
    response = client.get(url)
    assert response.status_code < 500
    assert "<script>alert(1)</script>" not in response.content.decode(errors="replace")


def test_every_public_route_is_covered():
    routes = ["".join(str(piece) for piece in pieces) for pieces in public_routes()]
    for expected in ["", "nhan-vat/", "to-chuc/", "tac-gia/", "chu-de/", "<slug:section>/"]:
        assert any(route.startswith(expected) for route in routes), expected


@given(data=st.data())
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_fuzzed_path_segments_never_give_a_server_error(data, client, published):
    pieces = data.draw(st.sampled_from(public_routes()))
    path = data.draw(route_strategy(pieces))
    response = client.get(path)
    assert response.status_code < 500, path


@given(data=st.data())
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_fuzzed_query_strings_never_give_a_server_error(data, client, published):
    no_argument_routes = []
    for pieces in public_routes():
        route = "".join(str(piece) for piece in pieces)
        if "<" not in route and "(" not in route and "^" not in route:
            no_argument_routes.append("/" + route)
    url = data.draw(st.sampled_from(sorted({*published["urls"], *no_argument_routes})))
    query = data.draw(query_strings)
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, f"{url}?{query}"


# --- in Chromium: the pages really satisfy their policies ------------------------------------

VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def violations(page):
    return page.evaluate("window.__csp || []")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_satisfy_their_policy_in_chromium(page, screenshot, published):
    page.add_init_script(VIOLATIONS)
    for url in published["urls"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert response.headers["content-security-policy"] == PUBLIC_CSP
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", url
        assert violations(page) == [], url
    screenshot(page, "article")
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_works_under_its_policy_in_chromium(page, screenshot, published):
    make_user("tongbientap", password=PASSWORD, is_superuser=True)
    page.add_init_script(VIOLATIONS)
    page.goto("/admin/login/")
    page.fill("#id_username", "tongbientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    article = published["article"]
    for url in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/photo/add/",
        "/admin/people/person/add/",
        "/admin/organizations/organization/",
        "/admin/auth/user/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], url
    screenshot(page, "admin-users")
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.urls("tests.prose_admin_urls")
@pytest.mark.django_db(transaction=True)
def test_prose_editor_runs_under_the_admin_policy_in_chromium(page, screenshot, settings):
    import django_prose_editor

    settings.STATICFILES_DIRS = [
        *settings.STATICFILES_DIRS,
        os.path.join(os.path.dirname(django_prose_editor.__file__), "static"),
    ]
    article = make_article("Bài có nội dung soạn bằng trình soạn thảo")
    make_user("tongbientap", password=PASSWORD, is_superuser=True)
    page.add_init_script(VIOLATIONS)
    page.goto("/admin/login/")
    page.fill("#id_username", "tongbientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    response = page.goto(f"/admin/articles/article/{article.pk}/change/")
    policy = response.headers["content-security-policy"]
    assert "'sha256-" in policy  # the import map, allowed by its hash
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.wait_for(timeout=10_000)
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Thêm một câu bằng trình soạn thảo.")
    screenshot(page, "prose-editor")
    assert violations(page) == []
    assert page.console_errors == []
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    article.refresh_from_db()
    assert "Thêm một câu bằng trình soạn thảo." in article.body


@pytest.mark.django_db
def test_a_nul_in_the_query_string_is_dropped_not_refused(client):
    from articles.models import Section

    Section.objects.create(name="Thời sự")
    response = client.get("/tim-kiem/", {"q": "thời\x00 sự"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "thời sự"
