"""gunicorn settings, read from the environment: ``gunicorn -c newsroom/gunicorn.conf.py``.

GUNICORN_BIND (default 127.0.0.1:8000, or HOST/PORT), WEB_CONCURRENCY (workers; default
2 x cores + 1, at most GUNICORN_MAX_WORKERS=8), GUNICORN_THREADS (default 1),
GUNICORN_TIMEOUT (default 30 s), GUNICORN_ACCESS_LOG (default "-": standard output),
FORWARDED_ALLOW_IPS (proxies whose X-Forwarded-* headers are believed; default loopback).
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_workers(cores: int, cap: int) -> int:
    return max(1, min(2 * cores + 1, cap))


wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = _int(
    "WEB_CONCURRENCY",
    default_workers(multiprocessing.cpu_count(), _int("GUNICORN_MAX_WORKERS", 8)),
)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Requests larger than this are refused before Django sees them (uploads go in the body).
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
proc_name = "newsroom"
# Worker heartbeats in memory rather than on a disk that may be slow or full.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


def post_worker_init(worker):
    """Once the worker has loaded Django: move everything loaded so far out of the garbage
    collector's reach (gc.freeze). Those objects live as long as the worker, yet every full
    collection walked all of them: one took 45 ms, in the middle of a reader's request, about
    every 600 article pages (bench/pages.py); after freezing, 1-2 ms."""
    gc.freeze()
