import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """No test sees what an earlier one cached: pages and the section menu in local memory,
    the search engine's statistics and cutoffs."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from articles.search import clear_caches

    if isinstance(caches["default"], LocMemCache):  # never a real Redis
        caches["default"].clear()
    clear_caches()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped on a laptop without it, fatal under CI."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch(page):
    """Collect the page's console errors and failed requests (HTTP >= 400, or no answer)."""
    page.console_errors = []
    page.failed_requests = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and page.failed_requests.append(f"{response.status} {response.url}")
        ),
    )
    # A request the page itself cancels (select2 superseding a query, a navigation) is
    # net::ERR_ABORTED: not a failure of the server.
    page.on(
        "requestfailed",
        lambda request: (
            request.failure != "net::ERR_ABORTED"
            and page.failed_requests.append(f"{request.failure} {request.url}")
        ),
    )
    return page


def settle_live_server(seconds: float = 0.5) -> None:
    """Let the live server finish a request a closed page left in flight (the admin's
    presence ping, a late image) before the test database is flushed: the in-memory SQLite
    database reports "table is locked" at once instead of waiting for it."""
    time.sleep(seconds)


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page whose relative URLs go to the live test server."""
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN")
    page = watch(context.new_page())
    yield page
    context.close()
    settle_live_server()


@pytest.fixture
def open_page(chromium, live_server):
    """Open another page in its own browser context (another user, own cookies), watched
    like ``page``; ``open_page(storage_state=...)`` starts from a saved login."""
    contexts = []

    def open_(**options):
        context = chromium.new_context(base_url=live_server.url, locale="vi-VN", **options)
        contexts.append(context)
        return watch(context.new_page())

    yield open_
    for context in contexts:
        context.close()
    settle_live_server()


@pytest.fixture
def screenshot(request):
    """Save a screenshot as tests/screenshots/<test name>/<step>.png and return its path."""

    def take(page, step: str, **options) -> Path:
        folder = SCREENSHOTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{step}.png"
        page.screenshot(path=str(path), full_page=options.pop("full_page", True), **options)
        return path

    return take


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests make many users; the production hasher costs a second for five of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
