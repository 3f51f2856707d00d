"""HTTP caching of the public pages.

Every anonymous page gets ``Cache-Control: public, max-age=…`` and an ETag, and
answers ``If-None-Match`` with 304. When ``REDIS_URL`` is set, rendered pages are
also kept in the shared cache under a key that holds a *site generation*: any
change that readers could see bumps the generation (one ``INCR``), so every
cached page is invalidated at once without finding or deleting keys; the old
entries expire on their own.

An article scheduled for later becomes visible with no save at all, so the time
of the next scheduled publication is kept beside the generation and the first
request after that moment bumps it.

Staff (any request carrying a logged-in session) never gets or fills the cache,
and a response that sets a cookie (CSRF, messages, session) is never stored.

Each worker also keeps the pages it served in its own memory (``PUBLIC_PAGE_MEMORY_BYTES``)
and asks Redis for the generation at most every ``PUBLIC_GENERATION_CHECK_SECONDS``: a page
served again costs no round trip at all. A change made through another worker therefore
shows there after at most that long (1 s), well inside the ``max-age`` every page already
gives browsers and proxies; the worker that made the change sees it at once.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

logger = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"
NEXT_PUBLICATION_KEY = "public:next-publication"
NO_SCHEDULED = 0.0  # stored when nothing is scheduled, so a missing key means "unknown"
CACHED_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag", "Content-Language")


def max_age() -> int:
    """Seconds browsers and proxies may reuse a public page."""
    return getattr(settings, "PUBLIC_CACHE_MAX_AGE", 60)


def page_timeout() -> int:
    """Seconds a rendered page stays in the shared cache (a bound on staleness, not freshness)."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_TIMEOUT", 600)


def generation_check_interval() -> float:
    """Seconds a worker trusts the generation it last read (0: read it on every request)."""
    return getattr(settings, "PUBLIC_GENERATION_CHECK_SECONDS", 1.0)


def memory_budget() -> int:
    """Bytes of rendered pages a worker keeps in its own memory (0: none)."""
    return getattr(settings, "PUBLIC_PAGE_MEMORY_BYTES", 16 * 1024 * 1024)


def page_cache_enabled() -> bool:
    """The shared page cache runs only with Redis: a per-process cache cannot be invalidated."""
    return bool(getattr(settings, "REDIS_URL", ""))


class _WorkerMemory:
    """What one worker process remembers between requests: the generation it last read (and
    the next scheduled publication with it), and the pages it served, least recent first."""

    def __init__(self):
        self.lock = threading.Lock()  # gthread workers serve several requests at once
        self.clear()

    def clear(self) -> None:
        self.generation = None
        self.next_publication = None
        self.checked_at = 0.0
        self.pages: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.size = 0

    def trusted_generation(self):
        """The remembered generation while it is fresh and no scheduled article is due."""
        if self.generation is None:
            return None
        if time.monotonic() - self.checked_at >= generation_check_interval():
            return None
        due = self.next_publication
        if due is None or (due != NO_SCHEDULED and due <= time.time()):
            return None
        return self.generation

    def remember_generation(self, generation: int, next_publication) -> None:
        self.generation, self.next_publication = generation, next_publication
        self.checked_at = time.monotonic()

    def forget_generation(self) -> None:
        self.generation = None

    def page(self, key: str):
        with self.lock:
            item = self.pages.get(key)
            if item is None:
                return None
            expires, entry = item
            if expires <= time.monotonic():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return entry

    def keep_page(self, key: str, entry: dict) -> None:
        budget = memory_budget()
        cost = len(entry["content"])
        if cost > budget // 4:  # a few huge pages must not push out everything else
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = (time.monotonic() + page_timeout(), entry)
            self.size += cost
            while self.size > budget:
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        _, entry = self.pages.pop(key)
        self.size -= len(entry["content"])


worker_memory = _WorkerMemory()


def _forget_on_settings_change(setting, **kwargs):
    if setting in {"CACHES", "REDIS_URL"} or setting.startswith("PUBLIC_"):
        worker_memory.clear()


setting_changed.connect(_forget_on_settings_change, dispatch_uid="articles.cache.settings")


def site_generation() -> int:
    """The current generation, started from the clock so a lost key never reuses an old one."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_site_generation() -> None:
    """Invalidate every cached public page (O(1))."""
    worker_memory.forget_generation()  # this worker sees its own change at once
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key is missing: start a fresh generation
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def bump_site_generation_on_commit() -> None:
    """Bump once when the current transaction commits (at once outside a transaction)."""
    if not page_cache_enabled():
        return
    if any(func is bump_site_generation for _, func, _ in connection.run_on_commit):
        return
    # robust: a cache outage is logged, it never fails the save that has just committed.
    transaction.on_commit(bump_site_generation, robust=True)


def note_scheduled_publication(moment) -> None:
    """Remember ``moment`` if it is the earliest scheduled publication so far."""
    if not page_cache_enabled():
        return
    stamp = moment.timestamp()
    worker_memory.forget_generation()
    try:
        known = cache.get(NEXT_PUBLICATION_KEY)
        if known in (None, NO_SCHEDULED) or stamp < known:
            cache.set(NEXT_PUBLICATION_KEY, stamp, timeout=None)
    except Exception:  # missed: pages then show it within PUBLIC_PAGE_CACHE_TIMEOUT
        logger.warning("Page cache unavailable", exc_info=True)


def _refresh_next_publication() -> float:
    from .models import Article  # the cache module is imported by models' signal handlers

    moment = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    ).first()
    stamp = moment.timestamp() if moment else NO_SCHEDULED
    cache.set(NEXT_PUBLICATION_KEY, stamp, timeout=None)
    return stamp


def current_generation() -> int:
    """The generation for this request, first publishing what was scheduled until now.

    Read from Redis at most every ``generation_check_interval()`` seconds per worker."""
    trusted = worker_memory.trusted_generation()
    if trusted is not None:
        return trusted
    values = cache.get_many([GENERATION_KEY, NEXT_PUBLICATION_KEY])
    next_publication = values.get(NEXT_PUBLICATION_KEY)
    if next_publication is None:
        next_publication = _refresh_next_publication()  # after a flush: one query, then known
    elif next_publication != NO_SCHEDULED and next_publication <= timezone.now().timestamp():
        bump_site_generation()
        next_publication = _refresh_next_publication()
        values[GENERATION_KEY] = site_generation()
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = site_generation()
    worker_memory.remember_generation(generation, next_publication)
    return generation


def _is_staff_request(request) -> bool:
    # Only a request with a session cookie can be logged in; readers without one cost no query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _page_key(request, generation: int, query_params) -> str:
    params = []
    if request.META.get("QUERY_STRING"):  # most requests have none: no parsing then
        params = sorted(
            (name, value) for name, value in request.GET.lists() if name in query_params
        )  # tracking parameters (fbclid, utm_*, zarsrc) do not split the cache
    # CommonMiddleware has validated the host already; the raw header names it.
    host = request.META.get("HTTP_HOST") or request.get_host()
    raw = f"{host}|{request.path}|{params}"
    return f"public:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_NEEDED"):
        return False  # the page carries a CSRF token (the key's name before Django 4.1: NEEDED)
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or getattr(messages, "added_new", False)):
        return False
    return "private" not in response.get("Cache-Control", "")


def _store(key: str, response) -> None:
    headers = {h: response[h] for h in CACHED_HEADERS if h in response}
    entry = {"content": response.content, "headers": headers, "etag": response["ETag"]}
    try:
        cache.set(key, entry, page_timeout())
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return
    worker_memory.keep_page(key, entry)


def _cached_entry(key: str):
    """The stored page: from this worker's memory, else from Redis (and then kept here)."""
    entry = worker_memory.page(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            worker_memory.keep_page(key, entry)
    return entry


def _public_headers(response) -> None:
    patch_cache_control(response, public=True, max_age=max_age())


CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _hit(request, entry: dict) -> HttpResponse:
    """The stored page as a response: the path every cached request takes, kept short."""
    headers = {
        **entry["headers"],
        "ETag": entry["etag"],
        "X-Cache": "HIT",
        # What _public_headers() writes on a response that has no Cache-Control yet.
        "Cache-Control": f"public, max-age={max_age()}",
    }
    response = HttpResponse(entry["content"], headers=headers)
    if any(name in request.META for name in CONDITIONAL_HEADERS):
        return get_conditional_response(request, etag=entry["etag"], response=response)
    return response


class PublicPageCacheMiddleware:
    """Serve a cached public page before the rest of the middleware and the URL resolver run.

    Placed right after WhiteNoise: a reader's request without a query string or a session
    cookie whose page is cached (by ``public_page`` below, under the same key) is answered here,
    at less cost than the framework's floor — no session, CSRF, auth or messages middleware,
    no URL resolving. Everything else, and every miss, goes on down the stack as before. The
    answer carries what the skipped middleware would have added: X-Frame-Options
    (XFrameOptionsMiddleware) and Content-Length (CommonMiddleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and page_cache_enabled()
        ):
            request.get_host()  # as CommonMiddleware does: a host not allowed is a 400
            try:
                key = _page_key(request, current_generation(), ())
                entry = _cached_entry(key)
            except Exception:  # Redis down: the view serves from the database
                logger.warning("Page cache unavailable", exc_info=True)
            else:
                if entry is not None:
                    response = _hit(request, entry)
                    response.headers.setdefault(
                        "X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
                    )
                    if not response.has_header("Content-Length"):
                        response.headers["Content-Length"] = str(len(response.content))
                    return response
                request.public_page_missed = key
        return self.get_response(request)


def public_page(view=None, *, query_params=("trang",)):
    """Make a public view cacheable; ``query_params`` are the only parameters it reads."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view_func(request, *args, **kwargs)
            if _is_staff_request(request):
                response = view_func(request, *args, **kwargs)
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
                return response

            key = entry = None
            if page_cache_enabled():
                try:
                    key = _page_key(request, current_generation(), query_params)
                    # PublicPageCacheMiddleware has looked this key up already and missed.
                    if getattr(request, "public_page_missed", None) != key:
                        entry = _cached_entry(key)
                except Exception:  # Redis down: serve from the database, never fail the page
                    logger.warning("Page cache unavailable", exc_info=True)
                    key = None
                if entry is not None:
                    return _hit(request, entry)

            response = view_func(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code != 200 or response.streaming:
                return response
            set_response_etag(response)
            if key is not None:
                response["X-Cache"] = "MISS"
            if _storable(request, response):
                _public_headers(response)
                if key is not None:
                    _store(key, response)
            return get_conditional_response(request, etag=response["ETag"], response=response)

        return wrapper

    return decorator(view) if view is not None else decorator
