"""Who has an article open in the admin right now, kept in the cache with a short TTL.

The change page registers its viewer when it loads and a small script pings every
``PING_SECONDS``; an entry not refreshed within ``PRESENCE_TTL`` seconds is gone. The cache
is shared between app servers when ``REDIS_URL`` is set; with the local-memory cache of a
single process it still works for that process. A lost update between two pings at the
same instant costs one ping interval, never data: presence is a notice, not a lock.
"""

import time

from django.core.cache import cache

PRESENCE_TTL = 60
PING_SECONDS = 20


def _key(article_id: int) -> str:
    return f"article-presence:{article_id}"


def _alive(entries: dict, now: float) -> dict:
    return {uid: entry for uid, entry in entries.items() if entry[1] > now}


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def presence_touch(*, article_id: int, user, now: float | None = None) -> None:
    """Mark ``user`` as having the article open for the next ``PRESENCE_TTL`` seconds."""
    now = time.time() if now is None else now
    entries = _alive(cache.get(_key(article_id)) or {}, now)
    entries[user.pk] = (_name(user), now + PRESENCE_TTL)
    cache.set(_key(article_id), entries, PRESENCE_TTL)


def presence_leave(*, article_id: int, user, now: float | None = None) -> None:
    now = time.time() if now is None else now
    entries = _alive(cache.get(_key(article_id)) or {}, now)
    if entries.pop(user.pk, None) is not None:
        cache.set(_key(article_id), entries, PRESENCE_TTL)


def presence_others(*, article_id: int, user, now: float | None = None) -> list[str]:
    """Names of the other people who have the article open, sorted."""
    now = time.time() if now is None else now
    entries = _alive(cache.get(_key(article_id)) or {}, now)
    return sorted(name for uid, (name, _) in entries.items() if uid != user.pk)
