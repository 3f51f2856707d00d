"""HTTP caching of public pages: Cache-Control and ETag/304 for every reader, and the Redis
page cache (REDIS_URL) invalidated by a site generation when readers could see a change."""

import os
import time
import uuid
from datetime import timedelta

import pytest
import redis
from django.contrib.messages import info
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from articles import cache as page_cache
from articles.models import ArticleStatus

from .factories import make_article, make_rich_article, make_section, make_user

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_pages(settings):
    """The page cache on the real Redis, under a key prefix of this test's own."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not running at {REDIS_URL}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def news():
    section = make_section("Thời sự")
    article = make_article("Khai mạc Hội nghị Tỉnh ủy lần thứ hai mươi", section=section)
    return section, article


def public_urls(article):
    return ["/", "/thoi-su/", article.get_absolute_url(), "/rss/", "/sitemap.xml"]


# --- Every reader: Cache-Control, ETag and 304 ---------------------------------------------


def test_anonymous_pages_are_publicly_cacheable_and_answer_304(client, news):
    for url in public_urls(news[1]):
        response = client.get(url)
        assert response.status_code == 200
        control = response["Cache-Control"]
        assert "public" in control and "max-age=60" in control, url
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert client.get(url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200


def test_etag_changes_with_the_content(client, news):
    _, article = news
    before = client.get(article.get_absolute_url())["ETag"]
    article.title = "Bế mạc Hội nghị Tỉnh ủy lần thứ hai mươi"
    article.save()
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and response["ETag"] != before


def test_max_age_is_a_setting(client, news, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 15
    assert "max-age=15" in client.get("/")["Cache-Control"]


def test_staff_pages_are_never_cached(client, news):
    client.force_login(make_user())
    for url in public_urls(news[1]):
        control = client.get(url)["Cache-Control"]
        assert "private" in control and "no-store" in control and "public" not in control


def test_errors_are_not_marked_cacheable(client, news):
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_without_redis_there_is_no_page_cache(client, news, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(2):  # latest, section blocks: every time (menu: cached)
        response = client.get("/")
    assert "X-Cache" not in response


# --- The Redis page cache ------------------------------------------------------------------


def test_second_request_is_served_from_redis_without_queries(
    redis_pages, client, news, django_assert_num_queries
):
    for url in public_urls(news[1]):
        first = client.get(url)
        assert first["X-Cache"] == "MISS", url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Cache"] == "HIT", url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert second["ETag"] == first["ETag"]
        assert "public" in second["Cache-Control"]
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_tracking_parameters_share_an_entry_but_pages_do_not(redis_pages, client, news):
    client.get("/thoi-su/")
    assert client.get("/thoi-su/?fbclid=IwAR0x&utm_source=zalo")["X-Cache"] == "HIT"
    assert client.get("/thoi-su/?trang=2").status_code == 404  # not one cached 200 for all


# Invalidation runs when a transaction commits: these tests commit for real.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_publish_edit_and_unpublish_invalidate(redis_pages, client, news):
    section, article = news
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"

    fresh = make_article("Tin mới xuất bản", section=section)
    home = client.get("/")
    assert home["X-Cache"] == "MISS" and fresh.title in home.content.decode()

    fresh.title = "Tin mới xuất bản đã sửa"
    fresh.save()
    page = client.get(fresh.get_absolute_url())
    assert page["X-Cache"] == "MISS" and "Tin mới xuất bản đã sửa" in page.content.decode()
    assert client.get(fresh.get_absolute_url())["X-Cache"] == "HIT"

    fresh.status = ArticleStatus.UNPUBLISHED
    fresh.save()
    assert client.get(fresh.get_absolute_url()).status_code == 404
    assert "Tin mới xuất bản" not in client.get("/").content.decode()


@committing
def test_related_rows_invalidate_too(redis_pages, client, news):
    _, article = news
    client.get(article.get_absolute_url())
    article.tags.add("Hội nghị Tỉnh ủy")
    page = client.get(article.get_absolute_url())
    assert page["X-Cache"] == "MISS" and "Hội nghị Tỉnh ủy</a>" in page.content.decode()


@committing
def test_one_bump_per_transaction_and_none_on_rollback(redis_pages, news):
    section, _ = news
    before = page_cache.site_generation()
    with transaction.atomic():
        for i in range(5):
            make_article(f"Bài nhập {i}", section=section)
    assert page_cache.site_generation() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article("Bài bị hủy", section=section)
        raise RuntimeError("rollback")
    assert page_cache.site_generation() == before + 1
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back...
            make_article("Bài bị hủy trong savepoint", section=section)
            raise RuntimeError("rollback")
        make_article("Bài được giữ", section=section)  # ...does not swallow a later change
    assert page_cache.site_generation() == before + 2


def test_a_lost_generation_never_reuses_an_old_one(redis_pages):
    first = page_cache.site_generation()
    page_cache.bump_site_generation()
    assert page_cache.site_generation() == first + 1
    cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.site_generation() > first + 1


def test_scheduled_article_shows_on_cached_pages_at_its_time(redis_pages, client, news):
    section, _ = news
    due = timezone.now() + timedelta(seconds=1.5)
    scheduled = make_article("Thông cáo báo chí lúc 0 giờ", section=section, published_at=due)
    assert scheduled.title not in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "HIT"
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.1)
    home = client.get("/")  # no save happened: the stored time of publication bumps
    assert home["X-Cache"] == "MISS" and scheduled.title in home.content.decode()


def test_staff_neither_read_nor_fill_the_page_cache(redis_pages, client, news):
    staff = make_user()
    client.force_login(staff)
    response = client.get("/")
    assert "X-Cache" not in response and "private" in response["Cache-Control"]
    client.logout()
    assert client.get("/")["X-Cache"] == "MISS"  # the staff visit stored nothing
    client.force_login(staff)
    assert "X-Cache" not in client.get("/")  # and a stored page is not served to staff


def test_responses_with_csrf_or_messages_are_not_stored(redis_pages):
    factory = RequestFactory()

    @page_cache.public_page
    def form_page(request):
        html = engines["django"].from_string("<form>{% csrf_token %}</form>")
        return HttpResponse(html.render({}, request))

    @page_cache.public_page
    def message_page(request):
        info(request, "Đã lưu.")
        return HttpResponse("Trang có thông báo")

    for view in (form_page, message_page):
        for _ in range(2):
            request = factory.get(f"/{view.__name__}/")
            request._messages = CookieStorage(request)
            response = view(request)
            assert response.get("X-Cache") == "MISS"  # never HIT: nothing was stored
            assert "public" not in response.get("Cache-Control", "")


def test_rich_article_page_round_trip(redis_pages, client):
    article = make_rich_article()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_a_redis_outage_neither_breaks_pages_nor_saves(settings, client, caplog):
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.REDIS_URL = dead
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead}
    }
    article = make_article("Tin vẫn đọc được khi bộ nhớ đệm hỏng", section=make_section())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "X-Cache" not in response
    assert "public" in response["Cache-Control"]
    assert "Page cache unavailable" in caplog.text
    article.title = "Sửa bài khi bộ nhớ đệm hỏng"
    article.save()  # the bump after commit fails, is logged, and the save stands
    article.refresh_from_db()
    assert article.title == "Sửa bài khi bộ nhớ đệm hỏng"
    later = make_article("Bài hẹn giờ", published_at=timezone.now() + timedelta(hours=1))
    assert later.pk and client.get("/").status_code == 200


# --- Each worker's own memory in front of Redis ---------------------------------------------


def _delete_stored_pages():
    """Remove every stored page from Redis itself, as if it had expired there."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    prefix = cache.key_prefix
    for key in client.scan_iter(f"{prefix}:*public:page:*"):
        client.delete(key)


def test_a_worker_serves_a_page_again_from_its_own_memory(redis_pages, client, news, settings):
    url = news[1].get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    _delete_stored_pages()
    again = client.get(url)  # no round trip: the worker kept what it served
    assert again["X-Cache"] == "HIT" and again.content == first.content
    assert again["ETag"] == first["ETag"]

    settings.PUBLIC_PAGE_MEMORY_BYTES = 0  # memory off: Redis alone
    assert client.get(url)["X-Cache"] == "MISS"  # stored again, in Redis only
    assert client.get(url)["X-Cache"] == "HIT"
    _delete_stored_pages()
    assert client.get(url)["X-Cache"] == "MISS"


@committing
def test_another_workers_change_shows_after_the_check_interval(redis_pages, client, news, settings):
    settings.PUBLIC_GENERATION_CHECK_SECONDS = 2
    section, article = news
    url = article.get_absolute_url()
    client.get(url)
    # Another worker edits the article: the row changes and the generation goes up in Redis,
    # and no signal runs in this process.
    type(article).objects.filter(pk=article.pk).update(title="Tiêu đề do máy chủ khác sửa")
    cache.incr(page_cache.GENERATION_KEY)
    stale = client.get(url)
    assert stale["X-Cache"] == "HIT" and "Tiêu đề do máy chủ khác sửa" not in stale.content.decode()
    time.sleep(2.1)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and "Tiêu đề do máy chủ khác sửa" in fresh.content.decode()

    settings.PUBLIC_GENERATION_CHECK_SECONDS = 0  # every request reads the generation
    client.get(url)
    type(article).objects.filter(pk=article.pk).update(title="Sửa lần hai")
    cache.incr(page_cache.GENERATION_KEY)
    assert "Sửa lần hai" in client.get(url).content.decode()


def test_worker_memory_is_bounded_least_recently_used_first(settings):
    settings.PUBLIC_PAGE_MEMORY_BYTES = 400
    memory = page_cache._WorkerMemory()

    def entry(size):
        return {"content": b"x" * size, "headers": {}, "etag": '"e"'}

    for name in "abcd":
        memory.keep_page(name, entry(100))
    assert memory.page("a") is not None  # read: now the most recent
    memory.keep_page("e", entry(100))
    assert memory.page("b") is None  # the least recently used went first
    assert all(memory.page(name) is not None for name in "acde")
    assert memory.size == 400
    memory.keep_page("huge", entry(101))  # more than a quarter of the budget: not kept
    assert memory.page("huge") is None and memory.size == 400

    settings.PUBLIC_PAGE_CACHE_TIMEOUT = 0  # entries live as long as in Redis
    memory.keep_page("f", entry(10))
    assert memory.page("f") is None


# --- Cached pages answered before the rest of the middleware -------------------------------


def test_a_cached_page_is_answered_by_the_middleware_with_the_views_headers(
    client, news, redis_pages, django_assert_num_queries, monkeypatch
):
    url = news[1].get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    # Through the view (a query string skips the middleware), then through the middleware.
    by_view = client.get(url + "?utm_source=zalo")
    resolved = []
    monkeypatch.setattr(
        "django.core.handlers.base.BaseHandler.resolve_request",
        lambda self, request: resolved.append(request.path),
    )
    with django_assert_num_queries(0):
        early = client.get(url)
    assert resolved == []  # no URL resolving, no view
    assert early.status_code == 200 and early["X-Cache"] == "HIT" == by_view["X-Cache"]
    assert early.content == by_view.content
    assert early["Content-Length"] == str(len(early.content))
    for header in (
        "Content-Type",
        "Cache-Control",
        "ETag",
        "X-Frame-Options",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
    ):
        assert early.get(header) == by_view.get(header), header
    assert early["X-Frame-Options"] == "DENY"
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=early["ETag"]).status_code == 304


def test_the_middleware_leaves_staff_and_unknown_hosts_alone(client, news, redis_pages):
    url = news[1].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
    client.force_login(make_user(is_staff=True))
    staff = client.get(url)
    assert staff.status_code == 200 and "X-Cache" not in staff
    assert "private" in staff["Cache-Control"]
