"""A read replica for the public site, without breaking read-your-writes for staff.

Reads go to the replica only inside a request that ``ReplicaRoutingMiddleware`` has marked
as an anonymous reader's GET or HEAD outside the admin: a replica lags a little behind, and
a reader cannot tell, while an editor who has just saved must see the save. Everything else
(writes, the admin, logged-in staff, management commands, background work) uses ``default``.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
SAFE_METHODS = {"GET", "HEAD"}

_read_from_replica: ContextVar[bool] = ContextVar("newsroom_read_from_replica", default=False)


def reading_from_replica() -> bool:
    return _read_from_replica.get()


@contextlib.contextmanager
def replica_reads(enabled: bool = True):
    """Send this block's reads to the replica (or, with False, back to the primary)."""
    token = _read_from_replica.set(enabled)
    try:
        yield
    finally:
        _read_from_replica.reset(token)


def use_primary():
    """For a public view that reads what it is about to write: read it from the primary."""
    return replica_reads(False)


class ReplicaRouter:
    """Installed only when DATABASE_REPLICA_URL is set (newsroom.config.database_routers)."""

    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives its schema by replication, never by migrate.
        return db == PRIMARY


def excluded_prefixes() -> list[str]:
    from newsroom.security import admin_prefix

    return [
        admin_prefix(),
        *getattr(settings, "REPLICA_EXCLUDED_PATHS", ["/tra-cuu/", "/xem-truoc/"]),
    ]


def is_anonymous_public_read(request) -> bool:
    """A GET/HEAD with no session cookie, outside the admin and the staff pages.

    The cookie says enough: a logged-in editor always carries one, and deciding without
    loading the session keeps the check free of queries.
    """
    if request.method not in SAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(request.path.startswith(prefix) for prefix in excluded_prefixes())


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with replica_reads(is_anonymous_public_read(request)):
            return self.get_response(request)
