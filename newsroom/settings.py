"""Settings for Newsroom, read from the environment (see README)."""

import os
import sys
from pathlib import Path

from newsroom import config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return config.env_bool(os.environ, name, default)


def env_list(name: str, default: list[str]) -> list[str]:
    return config.env_list(os.environ, name, default)


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DJANGO_DEBUG", False)

# Production refuses to start without a real key and host names (newsroom/config.py).
# Writing or checking migrations serves nothing and signs nothing: it may run without the
# production key and hosts, like the tests (the before-stop hook runs it bare).
OFFLINE_COMMAND = len(sys.argv) > 1 and sys.argv[1] == "makemigrations"
SECRET_KEY = config.secret_key(os.environ, debug=DEBUG, testing=TESTING or OFFLINE_COMMAND)
ALLOWED_HOSTS = config.allowed_hosts(os.environ, debug=DEBUG, testing=TESTING or OFFLINE_COMMAND)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "newsroom",
    "taggit",
    "django_prose_editor",  # the article body editor; ships its own JS/CSS, no CDN
    "reversion",  # article revisions: history, diff, restore
    "organizations",
    "people",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "newsroom.security.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, before the middleware below (articles/cache.py).
    "articles.cache.PublicPageCacheMiddleware",
    "newsroom.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.db.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

# DATABASE_URL (default: SQLite file); DATABASE_REPLICA_URL adds a read replica for public reads.
DATABASES = config.databases(os.environ, base_dir=BASE_DIR)
DATABASE_ROUTERS = config.database_routers(os.environ)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = config.caches(os.environ, debug=DEBUG, testing=TESTING, base_dir=BASE_DIR)
SESSION_ENGINE = config.session_engine(os.environ)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# Vietnamese for the admin strings Django's own "vi" catalog lacks (locale/vi/LC_MESSAGES).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Day-first date input and display for Vietnamese (Django's vi locale defines no input formats).
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = config.media_url(os.environ)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Media on the file system, or on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set.
STORAGES = config.storages(os.environ, debug=DEBUG, testing=TESTING)
globals().update(config.s3_settings(os.environ))
SERVE_MEDIA = config.serve_media(os.environ)

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("SITE_NAME", "Báo Biên Cương")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Photos (articles/images.py): upload limits and the widths of the stored renditions.
PHOTO_MAX_UPLOAD_BYTES = int(os.environ.get("PHOTO_MAX_UPLOAD_MB", "20")) * 1024 * 1024
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_MEGAPIXELS", "40")) * 1_000_000
PHOTO_RENDITION_WIDTHS = (360, 720, 1080, 1600)
# Production hardening: HTTPS, headers, CSP, login throttling, backups (README "Deployment").
globals().update(config.security(os.environ, debug=DEBUG, testing=TESTING))
TRUSTED_PROXY_COUNT = config.trusted_proxy_count(os.environ)
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSP_MEDIA_ORIGINS = config.media_origins(os.environ)
LOGIN_THROTTLE_LIMIT = config.env_int(os.environ, "LOGIN_THROTTLE_LIMIT", 5)
LOGIN_THROTTLE_WINDOW = config.env_int(os.environ, "LOGIN_THROTTLE_WINDOW", 15 * 60)
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
# The benchmark's trivial view (newsroom/floor.py), off unless `make bench-pages` asks for it.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR", False)
