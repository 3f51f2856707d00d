"""From the environment to settings: pure functions of a mapping, so tests can call them.

``settings.py`` calls each of them with ``os.environ``; a test passes a plain dict and
looks at what comes back, with no reloading of the settings module.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

Env = Mapping[str, str]

# Keys that have been printed in docs, examples or this repository: never valid in production.
KNOWN_INSECURE_KEYS = {
    "django-insecure-newsroom-development-only-key-do-not-use-in-production",
    "changeme",
    "change-me",
    "secret",
    "secret-key",
    "your-secret-key",
}
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
DEVELOPMENT_SECRET_KEY = "django-insecure-newsroom-development-only-key-do-not-use-in-production"

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"


def env_bool(env: Env, name: str, default: bool = False) -> bool:
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(env: Env, name: str, default: list[str]) -> list[str]:
    items = [item.strip() for item in env.get(name, "").split(",") if item.strip()]
    return items or default


def env_int(env: Env, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def insecure_secret_key_reason(key: str) -> str | None:
    """Why ``key`` is unfit for production (the rules of Django's security.W009), or None."""
    if key in KNOWN_INSECURE_KEYS or key.startswith("django-insecure"):
        return "it is a published example key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    return None


def secret_key(env: Env, *, debug: bool, testing: bool) -> str:
    """DJANGO_SECRET_KEY, or the contents of the file DJANGO_SECRET_KEY_FILE names."""
    key = env.get("DJANGO_SECRET_KEY", "").strip()
    key_file = env.get("DJANGO_SECRET_KEY_FILE", "").strip()
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY_FILE={key_file} cannot be read: {error}"
            ) from None
    if debug or testing:
        # A developer's machine and the test suite may run on the published development key.
        return key or DEVELOPMENT_SECRET_KEY
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set a long random value (50+ characters), "
            "or DJANGO_DEBUG=1 for development."
        )
    reason = insecure_secret_key_reason(key)
    if reason:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not fit for production: {reason}. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


def allowed_hosts(env: Env, *, debug: bool, testing: bool) -> list[str]:
    hosts = env_list(env, "ALLOWED_HOSTS", [])
    if hosts:
        return hosts
    if debug or testing:
        return ["127.0.0.1", "localhost", "[::1]"]
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set (comma-separated host names).")


def _database(url: str, env: Env) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int(env, "DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and one writer work at once; the timeout waits out short write locks.
        config["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    elif config["ENGINE"].startswith("django.db.backends.postgresql") and not env_bool(
        env, "DB_JIT", False
    ):
        # PostgreSQL compiles any statement its planner prices above jit_above_cost. The public
        # pages' statements are priced high and run in a millisecond: compiling them cost 2-3
        # ms more each (the home page's blocks: 5.2 ms with JIT, 2.9 without). DB_JIT=1 keeps it.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def databases(env: Env, *, base_dir: Path) -> dict:
    """DATABASE_URL (default: an SQLite file), and DATABASE_REPLICA_URL as ``replica``."""
    default_url = env.get("DATABASE_URL", "").strip() or f"sqlite:///{base_dir / 'db.sqlite3'}"
    result = {"default": _database(default_url, env)}
    replica_url = env.get("DATABASE_REPLICA_URL", "").strip()
    if replica_url:
        replica = _database(replica_url, env)
        # Tests run against one database: the replica alias reads the test copy of default.
        replica["TEST"] = {"MIRROR": "default"}
        result["replica"] = replica
    return result


def database_routers(env: Env) -> list[str]:
    return ["newsroom.db.ReplicaRouter"] if env.get("DATABASE_REPLICA_URL", "").strip() else []


def caches(env: Env, *, debug: bool, testing: bool, base_dir: Path) -> dict:
    """Redis when REDIS_URL is set; otherwise memory for development, files for production.

    Production without Redis still runs several gunicorn workers, and a per-process memory
    cache would let one worker serve a page another has invalidated: a folder shared by all
    workers of the machine keeps them consistent.
    """
    prefix = env.get("CACHE_KEY_PREFIX", "newsroom")
    redis_url = env.get("REDIS_URL", "").strip()
    if redis_url:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    elif debug or testing:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.get("CACHE_DIR", "").strip() or str(base_dir / "var" / "cache"),
        }
    return {"default": {**backend, "KEY_PREFIX": prefix, "TIMEOUT": 300}}


def session_engine(env: Env) -> str:
    """Sessions in the shared Redis cache, written through to the database (survive a flush)."""
    if env.get("REDIS_URL", "").strip():
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def s3_settings(env: Env) -> dict:
    """django-storages' AWS_* settings when AWS_STORAGE_BUCKET_NAME is set, else nothing."""
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {}
    result = {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        # Uploaded photos never overwrite each other; the storage picks a free name.
        "AWS_S3_FILE_OVERWRITE": False,
        "AWS_DEFAULT_ACL": None,
        "AWS_S3_OBJECT_PARAMETERS": {"CacheControl": "max-age=86400"},
        "AWS_QUERYSTRING_AUTH": env_bool(env, "AWS_QUERYSTRING_AUTH", False),
    }
    for name in (
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "AWS_S3_CUSTOM_DOMAIN",
        "AWS_LOCATION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_S3_ADDRESSING_STYLE",
    ):
        value = env.get(name, "").strip()
        if value:
            result[name] = value
    return result


def storages(env: Env, *, debug: bool, testing: bool) -> dict:
    """Media on S3-compatible storage when a bucket is set; static files through whitenoise."""
    if s3_settings(env):
        default = {"BACKEND": S3_BACKEND}
    else:
        default = {"BACKEND": FILESYSTEM_BACKEND}
    static_backend = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if debug or testing
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    return {"default": default, "staticfiles": {"BACKEND": static_backend}}


def media_url(env: Env) -> str:
    """Where media is read from: the S3 custom domain when there is one, else /media/."""
    explicit = env.get("MEDIA_URL", "").strip()
    if explicit:
        return explicit
    domain = env.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    if domain and s3_settings(env):
        return f"https://{domain}/"
    return "/media/"


def media_origins(env: Env) -> list[str]:
    """Origins other than the site itself that serve media (for the CSP img-src)."""
    origins = []
    candidates = [media_url(env)]
    if s3_settings(env) and not env.get("AWS_S3_CUSTOM_DOMAIN", "").strip():
        candidates.append(env.get("AWS_S3_ENDPOINT_URL", "").strip() or "https://*.amazonaws.com")
    for url in candidates:
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def serve_media(env: Env) -> bool:
    """Whether Django serves /media/ itself (make serve); production puts nginx or S3 there."""
    return env_bool(env, "DJANGO_SERVE_MEDIA", not s3_settings(env))


def security(env: Env, *, debug: bool, testing: bool = False) -> dict:
    """HTTPS and header settings. Production assumes HTTPS unless DJANGO_HTTPS=0 says not;
    development and the test suite speak plain HTTP."""
    https = env_bool(env, "DJANGO_HTTPS", not (debug or testing))
    result = {
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": env.get("SECURE_REFERRER_POLICY", "").strip()
        or "strict-origin-when-cross-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "SECURE_SSL_REDIRECT": https and env_bool(env, "SECURE_SSL_REDIRECT", True),
        "SECURE_PROXY_SSL_HEADER": None,
        # A short HSTS by default: raise SECURE_HSTS_SECONDS to a year once HTTPS is proven.
        "SECURE_HSTS_SECONDS": env_int(env, "SECURE_HSTS_SECONDS", 3600) if https else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool(env, "SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
        "SECURE_HSTS_PRELOAD": env_bool(env, "SECURE_HSTS_PRELOAD", True),
        "USE_X_FORWARDED_HOST": False,
    }
    if env_bool(env, "DJANGO_SECURE_PROXY", False):
        # Only behind a proxy that sets this header itself and drops any the client sent.
        result["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    return result


def trusted_proxy_count(env: Env) -> int:
    """How many proxies in front append to X-Forwarded-For (for the client address)."""
    default = 1 if env_bool(env, "DJANGO_SECURE_PROXY", False) else 0
    return max(0, env_int(env, "TRUSTED_PROXY_COUNT", default))
