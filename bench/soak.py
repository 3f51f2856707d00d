"""Load and faults on loopback (issue 7, item 5): ``make soak``.

    make soak                                   # 60 s, 32 reader connections, 3 editors
    make soak SOAK_SECONDS=15                   # what .ci/run does
    .venv/bin/python bench/soak.py --seconds 30 --connections 16 --editors 3

Runs the site like production (``make serve``: DEBUG off, gunicorn with its config file,
hashed static files) on a free port of 127.0.0.1, against a fresh PostgreSQL database
``newsroom_soak`` (migrated, ``load_demo``) and a flushed Redis database. Then, for the
given time, N reader threads fetch the public pages while K editors log into the admin and
edit, publish and unpublish a small shared pool of articles through the real change form
(the lead gets a unique marker; the form's ``edit_version`` is posted back, so editors who
collide are refused). Halfway through, PostgreSQL is stopped, held down a few seconds and
started again: readers must get the site's own 503 page (cached pages may still be 200),
and the site must recover by itself. Afterwards the database must hold every saved edit
exactly once, no refused one, and each article's last save.

PostgreSQL: by default a private throwaway server (initdb in a temporary folder, a free
port on 127.0.0.1), so the restart disturbs nobody else on the machine; ``--postgres main``
uses and restarts this machine's own cluster (``pg_ctlcluster``). Exit status 0 only when
every check passed. Everything it starts (PostgreSQL, gunicorn) is stopped on the way out,
on errors and on Ctrl-C too; a run killed outright is cleaned up by the next one.
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.adminform import form_data, with_values  # noqa: E402  (the admin tests' form reader)

WORK = ROOT / "var" / "soak"
PIDFILE = WORK / "pids.json"
DB_NAME = "newsroom_soak"
HOST = "127.0.0.1"
EDITOR_ACCOUNTS = ["bientapvien", "tongbientap", "admin"]  # load_demo's, password <name>-demo
PROBE_ACCOUNT = "tracuu"
OUTAGE_PAGE = "Trang tạm thời gián đoạn"  # templates/503.html
CONFLICT_TEXT = "Chưa lưu: trong lúc bạn sửa"  # articles/concurrency.py
UNSAVED_TEXT = "chưa được lưu"  # the 503 page after a POST
MARKER = re.compile(r"\s*\[soak ([a-z0-9-]+)\]\s*$")
RECOVERY_LIMIT = 15.0  # seconds after PostgreSQL is back within which the site must be whole
PROBE_EVERY = 0.1


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[soak {time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int  # 0: no answer (connection refused, reset, timeout)
    headers: dict
    body: bytes
    started: float
    ended: float
    error: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def clean_outage(self) -> bool:
        """The site's own 503 page: status, Retry-After, the page's heading, no traceback."""
        return (
            self.status == 503
            and "retry-after" in self.headers
            and OUTAGE_PAGE in self.text
            and "Traceback" not in self.text
        )


class Client:
    """One browser: its own cookies, a new connection per request (gunicorn's sync workers
    close each one), Origin sent on POST as browsers do for CSRF."""

    def __init__(self, port: int, timeout: float = 30.0, statuses: Counter | None = None):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.statuses = statuses  # counts every reply's status when given

    def request(self, method: str, path: str, fields=None) -> Reply:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "newsroom-soak"}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for raw in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(raw).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            reply_headers = {k.lower(): v for k, v in response.getheaders()}
            reply = Reply(response.status, reply_headers, data, started, time.monotonic())
        except (OSError, http.client.HTTPException) as error:
            reply = Reply(0, {}, b"", started, time.monotonic(), f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        if self.statuses is not None:
            self.statuses[reply.status] += 1  # Counter updates are atomic enough under the GIL
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def login(self, username: str) -> None:
        page = self.get("/admin/login/?next=/admin/")
        fields = form_data(SimpleNamespace(content=page.body), "login-form")
        fields.update(username=[username], password=[f"{username}-demo"], next=["/admin/"])
        reply = self.request("POST", "/admin/login/?next=/admin/", fields)
        if reply.status != 302:
            raise RuntimeError(f"login as {username} failed: {reply.status} {reply.error}")


# ------------------------------------------------------------------------- PostgreSQL


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL's tools refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return Path(found[-1])


def pg_ready(port: int) -> bool:
    import psycopg2

    try:
        psycopg2.connect(
            host=HOST, port=port, user="postgres", dbname="postgres", connect_timeout=1
        ).close()
        return True
    except psycopg2.OperationalError:
        return False


def wait_for_pg(port: int, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not pg_ready(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL on port {port} did not come back within {limit:.0f} s")
        time.sleep(0.05)


class PrivatePostgres:
    """A throwaway server of its own: stopping it disturbs no one else on the machine."""

    label = "private PostgreSQL server"

    def __init__(self):
        self.bindir = pg_bindir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-soak-pg-"))
        self.data = self.folder / "data"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            _as_postgres([
                str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ]),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = (
            f"-c listen_addresses={HOST} -p {self.port} "
            f"-c unix_socket_directories={self.folder} -c max_connections=100"
        )
        self._pg_ctl("-l", str(self.folder / "server.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "restart")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                              "immediate", "-w", "stop"]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
            )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    def remember(self) -> dict:
        return {"pg_folder": str(self.folder)}


class MachinePostgres:
    """This machine's own cluster, restarted with pg_ctlcluster (disturbs its other users)."""

    label = "this machine's PostgreSQL cluster"

    def __init__(self):
        self.version = sorted(os.listdir("/etc/postgresql"), key=int)[-1]
        self.port = 5432

    def _ctl(self, action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", action],
            check=True,
        )

    def create(self) -> None:
        if not pg_ready(self.port):
            self._ctl("start")
            wait_for_pg(self.port)

    def stop(self) -> None:
        self._ctl("stop")

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart")

    def destroy(self) -> None:
        if not pg_ready(self.port):  # interrupted during the outage: never leave it down
            self._ctl("start")
            wait_for_pg(self.port)
        recreate_database(self.port, create=False)

    def remember(self) -> dict:
        return {"machine_cluster": self.version}


def recreate_database(port: int, *, create: bool = True) -> None:
    import psycopg2

    connection = psycopg2.connect(host=HOST, port=port, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [DB_NAME]
        )
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        if create:
            cursor.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
    connection.close()


# ------------------------------------------------------------------------- leftovers


def clean_up_earlier_run() -> None:
    """A run killed outright (SIGKILL) leaves its gunicorn and PostgreSQL: stop exactly those."""
    if not PIDFILE.exists():
        return
    try:
        left = json.loads(PIDFILE.read_text())
    except ValueError:
        left = {}
    group = left.get("server_group")
    if group and _is_our_server(group):
        log(f"stopping the gunicorn left by an earlier run (process group {group})")
        _kill_group(group)
    folder = left.get("pg_folder")
    if folder and Path(folder).name.startswith("newsroom-soak-pg-"):
        data = Path(folder) / "data"
        if (data / "postmaster.pid").exists():
            log(f"stopping the PostgreSQL left by an earlier run ({folder})")
            subprocess.run(
                _as_postgres([str(pg_bindir() / "pg_ctl"), "-D", str(data), "-m", "immediate",
                              "-w", "stop"]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    version = left.get("machine_cluster")
    if version and not pg_ready(5432):
        log(f"starting this machine's PostgreSQL {version}, left stopped by an earlier run")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
        )
    PIDFILE.unlink(missing_ok=True)


def _is_our_server(group: int) -> bool:
    """Whether any process of ``group`` carries the soak's mark in its environment."""
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:
                continue
            if b"NEWSROOM_SOAK=1" in Path(stat).with_name("environ").read_bytes():
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False


def _kill_group(group: int, grace: float = 20.0) -> None:
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ------------------------------------------------------------------------- the site


class Site:
    """``make serve`` on a free loopback port with the soak's own database, Redis db and
    folders; gunicorn runs in its own process group so it can be stopped as a whole."""

    def __init__(self, env: dict, port: int):
        self.env = env
        self.port = port
        self.process: subprocess.Popen | None = None
        self.log_path = WORK / "server.log"

    def manage(self, *args: str) -> None:
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self, started) -> None:
        """``make serve``; ``started(process_group)`` is called at once, before waiting."""
        log_file = open(self.log_path, "w")  # noqa: SIM115  (lives as long as the server)
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"HOST={HOST}", f"PORT={self.port}",
             f"SECRET_KEY_FILE={self.env['DJANGO_SECRET_KEY_FILE']}"],
            cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log_file.close()
        started(self.process.pid)
        deadline = time.monotonic() + 120
        probe = Client(self.port, timeout=5)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve exited:\n{self.log_path.read_text()[-3000:]}")
            if probe.get("/").status == 200:
                return
            time.sleep(0.25)
        raise RuntimeError("the site did not answer within 120 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _kill_group(self.process.pid)
            self.process.wait(timeout=30)

    def tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback (most recent call last)")


def site_env(*, database_url: str, redis_url: str) -> dict:
    secret = WORK / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    media = WORK / "media"
    shutil.rmtree(media, ignore_errors=True)  # a fresh database: its photos are made again
    media.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.pop("MAKEFLAGS", None)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY_FILE=str(secret),
        ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(WORK / "static"),
        GUNICORN_ACCESS_LOG="",  # a line per request would only slow the run down
        LOG_LEVEL="WARNING",
        NEWSROOM_SOAK="1",  # lets a later run recognise a gunicorn this one left behind
    )
    return env


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


# ------------------------------------------------------------------------- what to read


def public_paths(pool_ids: set[int]) -> tuple[list[tuple[str, str]], dict[int, str]]:
    """(kind, path) for every public page of the demo, and the pool articles' paths."""
    from django.db.models import Q
    from django.urls import reverse

    from articles.models import Article, OrganizationMention, PersonMention, Section, Tag
    from people.models import Author

    published = Article.objects.published()
    paths = [("home", "/"), ("feed", reverse("articles:feed")), ("feed", "/sitemap.xml")]
    paths.append(("feed", reverse("articles:sitemap-news")))
    for section in Section.objects.filter(articles__in=published).distinct():
        paths.append(("section", section.get_absolute_url()))
        paths.append(("feed", reverse("articles:section-feed", args=[section.slug])))
    pool_paths = {}
    for article in published.select_related("section"):
        paths.append(("article", article.get_absolute_url()))
        if article.pk in pool_ids:
            pool_paths[article.pk] = article.get_absolute_url()
    confirmed = Q(confirmed=True, article__in=published)
    people = {m.person for m in PersonMention.objects.filter(confirmed).select_related("person")}
    organizations = {
        m.organization
        for m in OrganizationMention.objects.filter(confirmed).select_related("organization")
    }
    paths += [("person", person.get_absolute_url()) for person in people]
    paths += [("organization", org.get_absolute_url()) for org in organizations]
    paths += [
        ("author", a.get_absolute_url())
        for a in Author.objects.filter(bylines__article__in=published).distinct()
    ]
    paths += [
        ("tag", reverse("articles:tag", args=[t.slug]))
        for t in Tag.objects.filter(article__in=published).distinct()[:20]
    ]
    return paths, pool_paths


def pick_pool(size: int) -> list[int]:
    """Published articles ready to be republished: editors will take them down and back."""
    from articles import workflow
    from articles.models import Article

    ready = [
        article.pk
        for article in Article.objects.published().order_by("-published_at")
        if not workflow.readiness_problems(article)
    ]
    if len(ready) < size:
        raise RuntimeError(f"only {len(ready)} published articles ready, {size} wanted")
    return ready[:size]


def fetch_all(port: int, paths: list[tuple[str, str]], threads: int = 8) -> list[tuple[str, int]]:
    """Every page once, a few at a time: (path, status)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(threads)
    try:
        return list(pool.map(lambda item: (item[1], Client(port).get(item[1]).status), paths))
    finally:
        pool.shutdown(cancel_futures=True)  # on Ctrl-C, not the rest of the list first


# ------------------------------------------------------------------------- the run


@dataclass
class Timeline:
    start: float = 0.0
    outage_start: float | None = None  # PostgreSQL told to stop
    outage_end: float | None = None  # PostgreSQL accepts connections again
    recovered: float | None = None  # first request needing the database answered 200

    def in_fault(self, reply: Reply) -> bool:
        """Whether the request overlapped the outage, up to the recovery (or its limit)."""
        if self.outage_start is None:
            return False
        end = self.recovered or (
            self.outage_end + RECOVERY_LIMIT if self.outage_end else float("inf")
        )
        return reply.ended >= self.outage_start and reply.started <= end


@dataclass
class Edit:
    marker: str
    article_id: int
    base_version: int
    editor: str
    action: str  # "" (save), "publish", "unpublish"
    outcome: str = ""  # saved | conflict | unsaved (503 in the outage) | failed
    detail: str = ""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    staff_statuses: Counter = field(default_factory=Counter)  # editors' and the probe's
    by_kind: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # "normal" / "outage" -> count
    failures: list = field(default_factory=list)  # what went wrong, for the report
    page_cache: Counter = field(default_factory=Counter)  # X-Cache of readers' pages
    outage_503: int = 0
    outage_cached: int = 0
    last_503: float = 0.0
    edits: list = field(default_factory=list)
    probe: list = field(default_factory=list)  # (time, status)
    workflow_done: Counter = field(default_factory=Counter)

    def fail(self, phase: str, what: str) -> None:
        with self.lock:
            self.errors[phase] += 1
            self.failures.append(what)


def judge(reply: Reply, tally: Tally, timeline: Timeline, who: str, path: str) -> bool:
    """Count a reply; False (and a failure in the tally) for a 5xx or no answer, except the
    site's own 503 page while the database is down."""
    if timeline.in_fault(reply):
        if reply.clean_outage:
            with tally.lock:
                tally.outage_503 += 1
                tally.last_503 = max(tally.last_503, reply.ended)
            return True
        if 0 < reply.status < 500:
            with tally.lock:
                tally.outage_cached += reply.status == 200 and who == "reader"
            return True
        what = reply.error or f"{reply.status}, not the 503 page: {reply.text[:300]!r}"
        tally.fail("outage", f"{who} {path} during the outage: {what}")
        return False
    if reply.status == 0 or reply.status >= 500:
        tally.fail("normal", f"{who} {path}: {reply.error or reply.status} {reply.text[:300]!r}")
        return False
    return True


def reader(port, paths, pool_paths, tally, timeline, stop, seed) -> None:
    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    for kind, path in paths:
        by_kind.setdefault(kind, []).append(path)
    kinds = [k for k in ("home", "section", "article", "person", "organization", "author",
                         "tag", "feed") if k in by_kind]  # fmt: skip
    weights = {"home": 3, "section": 3, "article": 8, "feed": 2}
    kind_weights = [weights.get(k, 1) for k in kinds]
    pool = set(pool_paths.values())
    client = Client(port)
    while not stop.is_set():
        kind = rng.choices(kinds, kind_weights)[0]
        path = rng.choice(by_kind[kind])
        reply = client.get(path)
        ok = judge(reply, tally, timeline, "reader", path)
        with tally.lock:
            tally.statuses[reply.status] += 1
            tally.by_kind[kind] += 1
            if reply.status == 200:
                tally.page_cache[reply.headers.get("x-cache", "none")] += 1
            if ok and not timeline.in_fault(reply):
                tally.latencies.append(reply.ended - reply.started)
        if ok and reply.status not in (200, 301, 302, 304) and not timeline.in_fault(reply):
            if not (reply.status == 404 and path in pool):  # a taken-down article is gone
                tally.fail("normal", f"reader {path}: {reply.status}")


def editor(client, account, number, pool, tally, timeline, stop, seed) -> None:
    """Open the change form, think, change the lead, save (sometimes with a workflow button)."""
    rng = random.Random(seed)
    made = 0
    while not stop.is_set():
        article_id = rng.choice(pool)
        change = f"/admin/articles/article/{article_id}/change/"
        page = client.get(change)
        if page.status != 200:
            if judge(page, tally, timeline, account, change) and not timeline.in_fault(page):
                tally.fail("normal", f"{account} GET {change}: {page.status}")
            time.sleep(0.2)
            continue
        fields = form_data(SimpleNamespace(content=page.body))
        buttons = set(re.findall(r'name="_workflow" value="(\w+)"', page.text))
        made += 1
        marker = f"e{number}-{made:05d}"
        lead = MARKER.sub("", fields["lead"][0]) + f" [soak {marker}]"
        roll = rng.random()
        action = ""
        if "publish" in buttons and roll < 0.5:  # bring a taken-down article back soon
            action = "publish"
        elif "unpublish" in buttons and roll < 0.25:
            action = "unpublish"
        edit = Edit(marker, article_id, int(fields["edit_version"][0]), account, action)
        time.sleep(rng.uniform(0.05, 0.4))  # reading and typing
        values = {"lead": lead, **({"_workflow": action} if action else {})}
        reply = client.request("POST", change, with_values(fields, **values))
        if reply.status == 302:
            edit.outcome = "saved"
            if action:
                after = client.get(reply.headers.get("location", change))
                done = {"publish": "đã xuất bản", "unpublish": "đã gỡ khỏi trang"}[action]
                if done in after.text:
                    with tally.lock:
                        tally.workflow_done[action] += 1
        elif reply.status == 200 and CONFLICT_TEXT in reply.text:
            edit.outcome = "conflict"
        elif timeline.in_fault(reply) and judge(reply, tally, timeline, account, change):
            edit.outcome = "unsaved"
            if reply.status == 503 and UNSAVED_TEXT not in reply.text:
                tally.fail(
                    "outage",
                    f"{account} POST {change}: the 503 page does not say the change was not saved",
                )
        else:
            edit.outcome = "failed"
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', reply.text, re.S)
            edit.detail = f"{reply.status} {reply.error} {errors[:3]}"
            if not timeline.in_fault(reply):
                tally.fail("normal", f"{account} POST {change}: {edit.detail}")
        with tally.lock:
            tally.edits.append(edit)
        time.sleep(rng.uniform(0.0, 0.3))


def prober(client, tally, timeline, stop) -> None:
    """A staff page every 0.1 s: it always needs the database, so it shows the outage."""
    while not stop.is_set():
        reply = client.get("/admin/")
        judge(reply, tally, timeline, "probe", "/admin/")
        if reply.status not in (200, 503) and not timeline.in_fault(reply):
            tally.fail("normal", f"probe /admin/: {reply.status}")
        with tally.lock:
            tally.probe.append((reply.started, reply.status))
        if (
            reply.status == 200
            and timeline.outage_end is not None
            and timeline.recovered is None
            and reply.started >= timeline.outage_end
        ):
            timeline.recovered = reply.ended
        time.sleep(PROBE_EVERY)


# ------------------------------------------------------------------------- verification


def verify_edits(edits: list[Edit]) -> tuple[list[str], dict]:
    """Read the database: every saved marker brought in by exactly one revision (and each
    save kept as one revision), no refused one anywhere, no two saves from one version of
    an article, and each article ending on its last successful save."""
    from django.db import connection
    from reversion.models import Version

    from articles.models import Article

    connection.close()  # the connection of before the restart is gone
    problems = []
    by_marker = {e.marker: e for e in edits}
    found = Counter()  # marker -> revisions that brought it in
    for article_id in sorted({e.article_id for e in edits}):
        versions = Version.objects.get_for_object_reference(Article, article_id).order_by("pk")
        previous = None
        for version in versions:
            match = MARKER.search(version.field_dict.get("lead") or "")
            marker = match.group(1) if match else None
            if marker and marker != previous:
                found[marker] += 1
                if marker not in by_marker:
                    problems.append(f"revision {version.pk} holds an unknown marker {marker}")
            elif marker:  # every save, workflow step included, is to be one revision
                problems.append(f"revision {version.pk} repeats {marker}: a save kept twice")
            previous = marker
        match = MARKER.search(Article.objects.get(pk=article_id).lead)
        current = match.group(1) if match else None
        if current != previous:
            problems.append(f"article {article_id}: lead {current}, last revision {previous}")
        mine = [e for e in edits if e.article_id == article_id]
        saved = [e for e in mine if e.outcome == "saved"]
        for base, count in Counter(e.base_version for e in saved).items():
            if count > 1:  # both were accepted on top of the same version: one is lost
                problems.append(f"article {article_id}: {count} saves from version {base}")
        landed = [e for e in mine if e.outcome == "saved" or found[e.marker]]
        if landed:
            last = max(landed, key=lambda e: e.base_version)
            if current != last.marker:
                problems.append(
                    f"article {article_id}: ends on {current}, the last save was {last.marker}"
                )
    for edit in edits:
        count = found[edit.marker]
        if edit.outcome == "saved" and count != 1:
            problems.append(f"saved edit {edit.marker} found {count} times")
        elif edit.outcome == "unsaved" and count > 1:
            problems.append(f"edit {edit.marker} sent during the outage found {count} times")
        elif edit.outcome in ("conflict", "failed") and count:
            problems.append(f"{edit.outcome} edit {edit.marker} found {count} times")
    saved_found = sum(1 for e in edits if e.outcome == "saved" and found[e.marker] == 1)
    outage_found = sum(1 for e in edits if e.outcome == "unsaved" and found[e.marker])
    return problems, {"found": saved_found, "outage_found": outage_found}


# ------------------------------------------------------------------------- main


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def parse_args(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(env("SOAK_SECONDS") or 60))
    parser.add_argument("--connections", type=int, default=int(env("SOAK_CONNECTIONS") or 32))
    parser.add_argument("--editors", type=int, default=int(env("SOAK_EDITORS") or 3))
    parser.add_argument(
        "--pool", type=int, default=int(env("SOAK_POOL") or 2),
        help="articles the editors share (fewer: more collisions)",
    )  # fmt: skip
    parser.add_argument(
        "--outage", type=float, default=float(env("SOAK_OUTAGE_SECONDS") or 3),
        help="seconds PostgreSQL stays down (0: pg_ctl restart)",
    )  # fmt: skip
    parser.add_argument(
        "--postgres", choices=["private", "main"], default=env("SOAK_POSTGRES") or "private"
    )
    parser.add_argument("--redis-db", type=int, default=int(env("SOAK_REDIS_DB") or 13))
    parser.add_argument("--seed", type=int, default=int(env("SOAK_SEED") or 7))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    lock = open(WORK / "lock", "w")  # noqa: SIM115  (held until the process ends)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log("another soak is running (var/soak/lock); wait for it to end")
        return 2
    clean_up_earlier_run()

    def interrupted(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    # Also SIGINT: a shell starting the run in the background would have it ignored.
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    with ExitStack() as cleanup:
        pg = PrivatePostgres() if args.postgres == "private" else MachinePostgres()
        cleanup.callback(lambda: PIDFILE.unlink(missing_ok=True))
        cleanup.callback(pg.destroy)
        PIDFILE.write_text(json.dumps(pg.remember()))
        log(f"starting the {pg.label} on {HOST}:{pg.port}")
        pg.create()
        recreate_database(pg.port)
        port = free_port()
        redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        flush_redis(redis_url)
        env = site_env(
            database_url=f"postgres://postgres@{HOST}:{pg.port}/{DB_NAME}",
            redis_url=redis_url,
        )
        site = Site(env, port)
        log(f"database {DB_NAME}: migrate, load_demo")
        site.manage("migrate", "--noinput")
        site.manage("load_demo")
        log(f"make serve on http://{HOST}:{port}/ (gunicorn, DEBUG off)")
        cleanup.callback(site.stop)
        site.start(
            lambda group: PIDFILE.write_text(json.dumps({**pg.remember(), "server_group": group}))
        )

        os.environ.update(env)
        import django

        django.setup()
        pool = pick_pool(args.pool)
        paths, pool_paths = public_paths(set(pool))
        from django.db import connection

        connection.close()
        cold = [(path, status) for path, status in fetch_all(port, paths) if status != 200]
        if cold:
            raise RuntimeError(f"public pages not answering 200 before the load: {cold[:10]}")
        log(
            f"{len(paths)} public pages; {args.connections} readers, {args.editors} editors "
            f"on articles {pool}, {args.seconds:.0f} s; PostgreSQL down at "
            f"{args.seconds / 2:.0f} s for {args.outage:.0f} s"
        )
        code = run_load(args, pg, port, paths, pool, pool_paths, site)
        return code


def run_load(args, pg, port, paths, pool, pool_paths, site) -> int:
    tally, timeline, stop = Tally(), Timeline(), threading.Event()
    editors = []
    for number in range(args.editors):
        client = Client(port, statuses=tally.staff_statuses)
        client.login(EDITOR_ACCOUNTS[number % len(EDITOR_ACCOUNTS)])
        editors.append(client)
    probe = Client(port, timeout=10, statuses=tally.staff_statuses)
    probe.login(PROBE_ACCOUNT)
    threads = [
        threading.Thread(
            target=reader, args=(port, paths, pool_paths, tally, timeline, stop, args.seed + n)
        )
        for n in range(args.connections)
    ]
    threads += [
        threading.Thread(
            target=editor,
            args=(
                client,
                EDITOR_ACCOUNTS[n % len(EDITOR_ACCOUNTS)],
                n + 1,
                pool,
                tally,
                timeline,
                stop,
                args.seed * 7 + n,
            ),
        )  # fmt: skip
        for n, client in enumerate(editors)
    ]
    threads.append(threading.Thread(target=prober, args=(probe, tally, timeline, stop)))
    timeline.start = time.monotonic()
    for thread in threads:
        thread.daemon = True  # Ctrl-C must not wait for a request in flight
        thread.start()
    try:
        time.sleep(args.seconds / 2)
        log("stopping PostgreSQL")
        timeline.outage_start = time.monotonic()
        if args.outage > 0:
            pg.stop()
            time.sleep(args.outage)
            pg.start()
        else:
            pg.restart()
        wait_for_pg(pg.port)
        timeline.outage_end = time.monotonic()
        log(f"PostgreSQL back after {timeline.outage_end - timeline.outage_start:.1f} s")
        end = timeline.start + args.seconds
        while time.monotonic() < end or (
            timeline.recovered is None and time.monotonic() < timeline.outage_end + RECOVERY_LIMIT
        ):
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    elapsed = time.monotonic() - timeline.start
    log("load stopped; checking every page and the database")

    # After the run: every page answers again, and the database holds what was saved.
    not_back = [(path, status) for path, status in fetch_all(port, paths) if status != 200]
    not_back = [
        (path, status)
        for path, status in not_back
        if status != 404 or path not in pool_paths.values()
    ]
    problems, found = verify_edits(tally.edits)
    (WORK / "edits.json").write_text(
        json.dumps([vars(edit) for edit in tally.edits], ensure_ascii=False, indent=1)
    )
    return report(args, pg, tally, timeline, elapsed, not_back, problems, found, site)


def report(args, pg, tally, timeline, elapsed, not_back, problems, found, site) -> int:
    edits = Counter(e.outcome for e in tally.edits)
    served = sum(n for status, n in tally.statuses.items() if status)
    failures = list(tally.failures) + problems
    if not_back:
        failures.append(f"pages not answering after the run: {not_back[:10]}")
    if 503 not in [s for t, s in tally.probe if t >= (timeline.outage_start or float("inf"))]:
        failures.append("the staff probe never got the 503 page during the outage")
    recovery = None
    if timeline.recovered is None:
        failures.append(f"the site did not recover within {RECOVERY_LIMIT:.0f} s")
    else:
        recovery = timeline.recovered - timeline.outage_end
        late = [t for t, s in tally.probe if s != 200 and t > timeline.recovered]
        if late:
            failures.append(f"{len(late)} staff requests failed after the recovery")
    if not edits["saved"]:
        failures.append("no edit was saved")
    latencies = tally.latencies
    outage = timeline.outage_end - timeline.outage_start

    def spread(counter):
        return ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(counter.items()))

    staff = sum(tally.staff_statuses.values())
    lines = [
        f"soak: {elapsed:.0f} s, {args.connections} reader connections, {args.editors} editors, "
        f"{pg.label}, gunicorn (make serve) on {HOST}",
        f"requests served   {served} to readers ({served / elapsed:.0f}/s; "
        f"{spread(tally.statuses)}); {staff} to staff ({spread(tally.staff_statuses)})",
        f"errors            {tally.errors['normal']} in the normal phase, "
        f"{tally.errors['outage']} unclean during the outage",
        f"latency (readers) p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms (normal phase); page cache "
        f"{spread(tally.page_cache)}",
        f"edits made        {edits['saved']} saved of {len(tally.edits)} attempted; "
        f"{edits['conflict']} refused as conflicts, {edits['unsaved']} unsaved in the outage, "
        f"{edits['failed']} failed; published {tally.workflow_done['publish']}, "
        f"unpublished {tally.workflow_done['unpublish']}",
        f"edits found       {found['found']} of {edits['saved']} saved edits exactly once "
        f"(+{found['outage_found']} sent during the outage); {len(problems)} problems",
        f"outage window     {outage:.1f} s, PostgreSQL stopped at "
        f"{timeline.outage_start - timeline.start:.1f} s",
        f"503s served       {tally.outage_503} clean 503 pages; {tally.outage_cached} "
        "reader pages 200 from the cache meanwhile",
        "recovery time     "
        + (
            f"{recovery:.2f} s after PostgreSQL was back (first staff page answered); "
            f"last 503 {tally.last_503 - timeline.outage_end:+.2f} s"
            if recovery is not None
            else "none"
        ),
        f"server log        {site.tracebacks()} tracebacks ({site.log_path.relative_to(ROOT)})",
    ]
    print("\n".join(lines), flush=True)
    if failures:
        print(f"FAILED ({len(failures)}):", *failures[:30], sep="\n  ", flush=True)
        return 1
    print("OK", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; everything it started is stopped", file=sys.stderr)
        sys.exit(130)
