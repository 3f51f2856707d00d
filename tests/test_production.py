"""Production mode: settings from the environment, gunicorn + whitenoise, Redis, S3, outages."""

import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.test import RequestFactory, override_settings

from newsroom import config
from newsroom.errors import server_error

from .factories import image_bytes, make_article, make_photo, make_user

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" + secrets.token_urlsafe(50)
PRODUCTION = {"debug": False, "testing": False}


def production_env(**extra) -> dict:
    """The process environment of a production run, without the test suite's variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_", "REDIS_", "AWS_"))
    }
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    env.update(extra)
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- refusing to start -------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, reason",
    [
        ("", "not set"),
        ("django-insecure-" + "x" * 60, "published example"),
        (config.DEVELOPMENT_SECRET_KEY, "published example"),
        ("changeme", "published example"),
        ("a-short-but-random-key-9f3k", "shorter than 50"),
        ("ab" * 40, "fewer than 5 different"),
    ],
)
def test_production_refuses_a_missing_or_weak_secret_key(key, reason):
    with pytest.raises(ImproperlyConfigured, match=reason):
        config.secret_key({"DJANGO_SECRET_KEY": key}, **PRODUCTION)


def test_secret_key_from_a_file_and_development_fallback(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY + "\n")
    assert config.secret_key({"DJANGO_SECRET_KEY_FILE": str(key_file)}, **PRODUCTION) == GOOD_KEY
    assert config.secret_key({"DJANGO_SECRET_KEY": GOOD_KEY}, **PRODUCTION) == GOOD_KEY
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        config.secret_key({"DJANGO_SECRET_KEY_FILE": str(tmp_path / "absent")}, **PRODUCTION)
    assert config.secret_key({}, debug=True, testing=False) == config.DEVELOPMENT_SECRET_KEY


def test_production_refuses_missing_allowed_hosts():
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        config.allowed_hosts({}, **PRODUCTION)
    assert config.allowed_hosts({"ALLOWED_HOSTS": "a.vn, b.vn"}, **PRODUCTION) == ["a.vn", "b.vn"]


def test_manage_py_refuses_to_start_without_a_key_and_deploy_check_is_clean():
    refused = manage("check", env=production_env(DJANGO_SECRET_KEY=""))
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in refused.stderr

    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout


# --- settings built from the environment ---------------------------------------------------


def test_https_settings_default_on_in_production_and_follow_the_environment():
    secure = config.security({}, debug=False)
    assert secure["SECURE_SSL_REDIRECT"] and secure["SESSION_COOKIE_SECURE"]
    assert secure["CSRF_COOKIE_SECURE"] and secure["SECURE_HSTS_SECONDS"] == 3600
    assert secure["SECURE_PROXY_SSL_HEADER"] is None
    assert secure["X_FRAME_OPTIONS"] == "DENY" and secure["SECURE_CONTENT_TYPE_NOSNIFF"]

    proxied = config.security(
        {"DJANGO_SECURE_PROXY": "1", "SECURE_HSTS_SECONDS": "31536000"}, debug=False
    )
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxied["SECURE_HSTS_SECONDS"] == 31536000

    plain = config.security({"DJANGO_HTTPS": "0"}, debug=False)
    assert not plain["SECURE_SSL_REDIRECT"] and not plain["SESSION_COOKIE_SECURE"]
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert config.security({}, debug=True)["SECURE_SSL_REDIRECT"] is False
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        config.security({"SECURE_HSTS_SECONDS": "a year"}, debug=False)


def test_redis_cache_and_cached_sessions_when_redis_url_is_set(tmp_path):
    redis = config.caches(
        {"REDIS_URL": "redis://10.0.0.5:6379/1"}, debug=False, testing=False, base_dir=tmp_path
    )
    assert redis["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["default"]["LOCATION"] == "redis://10.0.0.5:6379/1"
    assert config.session_engine({"REDIS_URL": "redis://x"}).endswith("cached_db")
    assert config.session_engine({}) == "django.contrib.sessions.backends.db"
    # Without Redis, production workers share a file cache; development keeps memory.
    files = config.caches({}, debug=False, testing=False, base_dir=tmp_path)
    assert files["default"]["BACKEND"].endswith("FileBasedCache")
    assert files["default"]["LOCATION"] == str(tmp_path / "var" / "cache")
    memory = config.caches({}, debug=True, testing=False, base_dir=tmp_path)
    assert memory["default"]["BACKEND"].endswith("LocMemCache")


def test_static_files_are_hashed_and_compressed_in_production():
    production = config.storages({}, **PRODUCTION)
    assert production["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["default"]["BACKEND"] == config.FILESYSTEM_BACKEND
    assert (
        "Manifest" not in config.storages({}, debug=True, testing=False)["staticfiles"]["BACKEND"]
    )


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "bao-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "newsroom",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
}


def test_media_moves_to_s3_when_a_bucket_is_configured():
    storages = config.storages(S3_ENV, **PRODUCTION)
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    s3 = config.s3_settings(S3_ENV)
    assert s3["AWS_STORAGE_BUCKET_NAME"] == "bao-media"
    assert s3["AWS_S3_ENDPOINT_URL"] == "http://127.0.0.1:9000"
    assert s3["AWS_S3_FILE_OVERWRITE"] is False
    assert config.serve_media(S3_ENV) is False
    assert config.s3_settings({}) == {}
    assert config.serve_media({}) is True


@pytest.mark.django_db
def test_the_s3_storage_builds_photo_urls_from_the_settings():
    """django-storages itself, configured by our settings (URLs are computed, not fetched)."""
    s3 = config.s3_settings(S3_ENV)
    with override_settings(STORAGES=config.storages(S3_ENV, **PRODUCTION), **s3):
        from storages.backends.s3 import S3Storage

        assert default_storage.url("photos/2025/03/anh.jpg") == (
            "http://127.0.0.1:9000/bao-media/photos/2025/03/anh.jpg"
        )
        assert isinstance(default_storage._wrapped, S3Storage)
        assert default_storage.bucket_name == "bao-media"
    env = S3_ENV | {"AWS_S3_CUSTOM_DOMAIN": "anh.baobiencuong.vn"}
    with override_settings(STORAGES=config.storages(env, **PRODUCTION), **config.s3_settings(env)):
        assert default_storage.url("photos/anh.jpg") == "https://anh.baobiencuong.vn/photos/anh.jpg"
    assert config.media_url(env) == "https://anh.baobiencuong.vn/"
    assert config.media_origins(env) == ["https://anh.baobiencuong.vn"]
    assert config.media_origins(S3_ENV) == ["http://127.0.0.1:9000"]
    assert config.media_origins({}) == []


def test_gunicorn_workers_default_to_twice_the_cores_plus_one_capped():
    namespace = {}
    exec((ROOT / "newsroom" / "gunicorn.conf.py").read_text(), namespace)
    assert namespace["default_workers"](2, 8) == 5
    assert namespace["default_workers"](16, 8) == 8
    assert namespace["default_workers"](1, 8) == 3
    assert namespace["wsgi_app"] == "newsroom.wsgi:application"
    assert namespace["accesslog"] == "-"
    assert namespace["timeout"] == 30


def test_gunicorn_workers_freeze_what_they_loaded_out_of_the_garbage_collector():
    import gc

    namespace = {}
    exec((ROOT / "newsroom" / "gunicorn.conf.py").read_text(), namespace)
    try:
        namespace["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# --- Redis, for real -------------------------------------------------------------------------


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    host, port = "127.0.0.1", 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return url


@pytest.mark.django_db
def test_sessions_live_in_redis_and_the_database(redis_url, client):
    prefix = f"newsroom-test-{secrets.token_hex(4)}"
    cache_settings = config.caches(
        {"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix},
        debug=False,
        testing=False,
        base_dir=ROOT,
    )
    with override_settings(
        CACHES=cache_settings, SESSION_ENGINE=config.session_engine({"REDIS_URL": redis_url})
    ):
        from django.contrib.sessions.models import Session

        user = make_user("phongvien")
        client.force_login(user)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        cached = caches["default"].get(f"django.contrib.sessions.cached_db{session_key}")
        assert cached is not None and cached["_auth_user_id"] == str(user.pk)
        assert Session.objects.filter(session_key=session_key).exists()
        assert client.get("/admin/").status_code == 200
        caches["default"].delete(f"django.contrib.sessions.cached_db{session_key}")


# --- the database going away ---------------------------------------------------------------


def wsgi_get(path: str):
    """A request through Django's real WSGI handler, with its request_started/finished."""
    environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1").environ
    environ["wsgi.input"] = io.BytesIO()
    started = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: started.append(status))
    body = b"".join(response)
    response.close()
    return response, body.decode()


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_a_clean_503_and_the_site_recovers(monkeypatch):
    article = make_article("Bài viết trước sự cố")

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    # The server is down: no new connection opens, and the open one fails on every query.
    monkeypatch.setattr(connections["default"], "get_new_connection", refuse)
    monkeypatch.setattr(connections["default"], "create_cursor", refuse)
    response, body = wsgi_get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Trang tạm thời gián đoạn" in body and "Traceback" not in body
    assert "/static/site.css" in body  # the site's own look
    assert response["Content-Security-Policy"].startswith("default-src 'self'")

    monkeypatch.undo()
    response, body = wsgi_get("/")
    assert response.status_code == 200
    assert article.title in body


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_replaced_on_the_next_request():
    """CONN_HEALTH_CHECKS: a server-side disconnect costs no reader a failed page."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL connections can be killed from outside")
    article = make_article("Bài viết sau khi khởi động lại")
    response, _ = wsgi_get("/")
    assert response.status_code == 200
    backend_pid = connection.connection.info.backend_pid
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    finally:
        killer.close()
    response, body = wsgi_get("/")
    assert response.status_code == 200 and article.title in body
    assert connection.connection.info.backend_pid != backend_pid


def test_server_error_handler_turns_database_errors_into_503():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


# --- make serve: gunicorn, whitenoise, DEBUG off, for real -----------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, host: str = "127.0.0.1"):
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_make_serve_runs_gunicorn_with_hashed_static_files_and_safe_media(tmp_path):
    port = free_port()
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "anh.jpg").write_bytes(image_bytes())
    (media / "photos" / "trang.html").write_text("<script>alert(1)</script>")
    env = production_env(
        DJANGO_SECRET_KEY="",
        ALLOWED_HOSTS="",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(media),
        CACHE_DIR=str(tmp_path / "cache"),
        WEB_CONCURRENCY="2",
        MAKEFLAGS="",
    )
    env.pop("DJANGO_SECRET_KEY")
    env.pop("ALLOWED_HOSTS")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}",
         f"SECRET_KEY_FILE={tmp_path / 'secret_key'}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                status, headers, body = fetch(base + "/")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stdout.read())
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer within 120 s")
        assert status == 200
        assert headers["Server"].startswith("gunicorn")
        assert "Content-Security-Policy" in headers and headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers  # plain HTTP on loopback
        html = body.decode()
        css = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/site.") and css != "/static/site.css"

        status, headers, _ = fetch(base + css)
        assert status == 200 and "immutable" in headers["Cache-Control"]

        status, headers, body = fetch(base + "/media/photos/anh.jpg")
        assert status == 200 and headers["Content-Type"] == "image/jpeg"
        assert body == image_bytes()
        status, headers, _ = fetch(base + "/media/photos/trang.html")
        assert headers["Content-Type"] == "application/octet-stream"
        assert headers["Content-Disposition"].startswith("attachment")
        assert fetch(base + "/media/../db.sqlite3")[0] == 404

        status, _, body = fetch(base + "/khong-co-trang-nay/")
        assert status == 404 and b"Traceback" not in body
        assert fetch(base + "/", host="evil.example")[0] == 400
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.django_db
def test_photo_urls_use_the_media_view_in_development(client):
    photo = make_photo()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_makemigrations_runs_without_production_settings_but_the_site_does_not():
    """Writing migrations needs no key; anything that could serve or sign still refuses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALLOWED_"))}
    env.pop("DATABASE_URL", None)
    offline = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert offline.returncode == 0, offline.stderr
    online = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert online.returncode != 0 and "DJANGO_SECRET_KEY" in online.stderr
