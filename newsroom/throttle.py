"""Login throttling: after too many failed logins, refuse further attempts for a while.

Failures are counted in the cache (shared by every app server when REDIS_URL is set) per
client address and user name, and per client address alone with a higher limit, so one
machine can neither guess one password nor try many accounts. The count starts at the first
failure and lasts ``LOGIN_THROTTLE_WINDOW`` seconds; a successful login clears it.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError

ADDRESS_LIMIT_FACTOR = 4
THROTTLED = "throttled"


def limit() -> int:
    return settings.LOGIN_THROTTLE_LIMIT


def window() -> int:
    return settings.LOGIN_THROTTLE_WINDOW


def message() -> str:
    minutes = max(1, round(window() / 60))
    return (
        f"Bạn đã đăng nhập sai quá nhiều lần. Để bảo vệ tài khoản, việc đăng nhập từ máy này "
        f"tạm bị khóa trong {minutes} phút; vui lòng thử lại sau."
    )


def client_address(request) -> str:
    """The reader's address: REMOTE_ADDR, or what the trusted proxies put in X-Forwarded-For."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        # Each trusted proxy appends the address it saw; what the client wrote comes first.
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"login-throttle:{digest}"


def _keys(request, username: str) -> tuple[str, str]:
    address = client_address(request)
    return _key("pair", address, (username or "").strip().casefold()), _key("address", address)


def _count(key: str) -> int:
    value = cache.get(key)
    return value[0] if isinstance(value, tuple) else int(value or 0)


def _increment(key: str) -> None:
    if isinstance(caches["default"], LocMemCache | RedisCache):
        # Atomic, and the expiry set by add() stays where it was.
        if not cache.add(key, 1, window()):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, window())
        return
    # Other backends (files) reset the expiry on every write: keep the first failure's time.
    now = time.time()
    value = cache.get(key)
    count, first = value if isinstance(value, tuple) else (0, now)
    remaining = max(1, int(window() - (now - first)))
    cache.set(key, (count + 1, first), remaining)


def is_locked(request, username: str = "") -> bool:
    pair_key, address_key = _keys(request, username)
    return _count(pair_key) >= limit() or _count(address_key) >= limit() * ADDRESS_LIMIT_FACTOR


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        _increment(key)


def clear(request, username: str) -> None:
    cache.delete(_keys(request, username)[0])


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        record_failure(request, credentials.get("username", ""))


def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        clear(request, user.get_username())


class ThrottledAuthenticationMixin:
    """Refuses before checking the password when the address and name are locked out."""

    def clean(self):
        username = self.data.get("username", "")
        if self.request is not None and is_locked(self.request, username):
            raise ValidationError(message(), code=THROTTLED)
        return super().clean()


class ThrottledAuthenticationForm(ThrottledAuthenticationMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationMixin, AdminAuthenticationForm):
    pass


def is_throttled_response(response) -> bool:
    form = (getattr(response, "context_data", None) or {}).get("form")
    return bool(form is not None and form.is_bound and form.has_error("__all__", THROTTLED))


def admin_login(request, extra_context=None):
    """The admin's login view, answering 429 Too Many Requests while locked out."""
    response = admin.site.login(request, extra_context=extra_context)
    if is_throttled_response(response):
        response.status_code = 429
        response["Retry-After"] = str(window())
    return response
