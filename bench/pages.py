"""Speed of the public pages beside the framework's floor (issue 4, item 6).

    make bench-pages                                   # build once, then measure
    make bench-pages BENCH_PAGES_ARGS="--duration 5"   # shorter runs
    .venv/bin/python bench/pages.py --profile          # queries and a profile per page, no load
    .venv/bin/python bench/pages.py --instructions     # instructions a request (callgrind)

A synthetic newsroom (``manage.py build_synthetic``: 100,000 articles, 5,000 people and
1,000 organizations by default) is built once into its own PostgreSQL database and reused
while it holds at least that many articles. gunicorn serves it with the project's config
(newsroom/gunicorn.conf.py, 2 sync workers, DEBUG off) on a free loopback port, and wrk
loads it with 16 connections. Each page is measured right after the floor (newsroom/floor.py,
a trivial view on the same server, through the same middleware), and its ratio is taken
against that run a few seconds earlier: the machine is shared and its other load drifts.
Twice: uncached (no REDIS_URL, every request renders) and cached (REDIS_URL on a spare
Redis database, pages warmed first).

Targets (issue 4): uncached article page at least 20% of the floor, cached pages at least
90%, p99 under 100 ms on every page.
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK_DIR = ROOT / "var" / "pagebench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_pagebench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
CACHE_KEY_PREFIX = "pagebench"
HOST = "127.0.0.1"
P99_TARGET_MS = 100.0
UNCACHED_ARTICLE_TARGET = 0.20
CACHED_TARGET = 0.90
PAGES = ("home", "section", "article", "person", "organization")
MODES = ("uncached", "cached")
# Variables of the caller's environment that would change what the server does.
FOREIGN_ENV_PREFIXES = (
    "DJANGO_",
    "DATABASE_",
    "REDIS_",
    "GUNICORN_",
    "CACHE_",
    "AWS_",
    "BENCH_",
    "WEB_CONCURRENCY",
    "SITE_URL",
    "STATIC_ROOT",
    "ALLOWED_HOSTS",
)

# wrk's own report stays on screen (--latency); this line is what the script reads.
WRK_REPORT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\": %.0f, \"duration_us\": %.0f, \"p50_us\": %.0f, " ..
    "\"p99_us\": %.0f, \"max_us\": %.0f, \"status_errors\": %.0f, \"connect\": %.0f, " ..
    "\"read\": %.0f, \"write\": %.0f, \"timeout\": %.0f}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass
class Page:
    name: str
    path: str
    about: str = ""


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict = field(default_factory=dict)

    worst_p99_ms: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @classmethod
    def merge(cls, runs: list["Run"]) -> "Run":
        """Slices of one measurement as one. wrk reports percentiles, not a histogram that
        could be added up: p50 and p99 are the slices' own, weighted by their requests."""
        requests = sum(run.requests for run in runs)

        def weighted(name: str) -> float:
            if not requests:
                return 0.0
            return sum(getattr(run, name) * run.requests for run in runs) / requests

        errors: dict[str, int] = {}
        for run in runs:
            for name, count in run.errors.items():
                errors[name] = errors.get(name, 0) + count
        return cls(
            requests=requests,
            seconds=sum(run.seconds for run in runs),
            p50_ms=weighted("p50_ms"),
            p99_ms=weighted("p99_ms"),
            max_ms=max(run.max_ms for run in runs),
            errors=errors,
            worst_p99_ms=max(run.p99_ms for run in runs),
        )


@dataclass
class Result:
    page: str
    mode: str
    run: Run
    floor: Run

    @property
    def ratio(self) -> float:
        return self.run.rps / self.floor.rps if self.floor.rps else 0.0

    def misses(self) -> list[str]:
        """The targets this result misses (empty: all met)."""
        missed = []
        if self.run.p99_ms >= P99_TARGET_MS:
            missed.append(f"p99 ≥ {P99_TARGET_MS:.0f} ms")
        if self.mode == "cached" and self.ratio < CACHED_TARGET:
            missed.append(f"ratio < {CACHED_TARGET:.0%}")
        if (
            self.mode == "uncached"
            and self.page == "article"
            and self.ratio < UNCACHED_ARTICLE_TARGET
        ):
            missed.append(f"ratio < {UNCACHED_ARTICLE_TARGET:.0%}")
        if any(self.run.errors.values()):
            missed.append(
                "errors " + ", ".join(f"{k} {v}" for k, v in self.run.errors.items() if v)
            )
        return missed


def say(message: str) -> None:
    print(message, flush=True)


# ----------------------------------------------------------------------- environment


def base_env(database_url: str, static_root: Path) -> dict:
    """The server's environment: production settings on loopback, nothing from the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN_ENV_PREFIXES)}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",  # plain HTTP on loopback: no redirect to https://
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        BENCH_FLOOR="1",
        STATIC_ROOT=str(static_root),
        CACHE_DIR=str(WORK_DIR / "file-cache"),
        CACHE_KEY_PREFIX=CACHE_KEY_PREFIX,
        LOG_LEVEL="WARNING",
    )
    return env


def server_env(env: dict, *, port: int, workers: int, redis_url: str) -> dict:
    env = dict(env)
    env.update(
        GUNICORN_BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_THREADS="1",
        SITE_URL=f"http://{HOST}:{port}",
        # No access log: writing one line per request to a pipe nobody reads would block.
        GUNICORN_ACCESS_LOG="",
        # The project recycles a worker every ~2,000 requests to bound slow leaks: hours in
        # production, seconds here, where each recycle would put a worker's boot into the run.
        GUNICORN_MAX_REQUESTS="0",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str, quiet: bool = False) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------- database


def _admin_url(url: str) -> tuple[str, str]:
    """(the server's maintenance database URL, the benchmark database's name)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _admin(url: str):
    import psycopg2

    admin_url, name = _admin_url(url)
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    return connection, name


def create_database(url: str, *, drop: bool = False) -> None:
    connection, name = _admin(url)
    try:
        with connection.cursor() as cursor:
            if drop:
                say(f"Dropping database {name}")
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                say(f"Creating database {name}")
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def article_count() -> int:
    from django.db import connections

    from articles.models import Article

    count = Article.objects.count()
    connections.close_all()  # no idle connection of ours may block a DROP DATABASE
    return count


def ensure_newsroom(args, env: dict) -> None:
    """The synthetic newsroom, built once: reused while it holds enough articles."""
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/pages.py measures PostgreSQL: give a postgres:// --database-url.")
    create_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    if args.no_build:
        return
    count = article_count()
    if count >= args.articles:
        say(f"Reusing the synthetic newsroom: {count:,} articles")
        return
    if count:
        say(f"The database holds {count:,} articles, fewer than {args.articles:,}: rebuilding it")
        create_database(args.database_url, drop=True)
        manage(env, "migrate", "--noinput", "-v0")
    # build_synthetic writes with COPY, then runs VACUUM ANALYZE on every table it filled.
    manage(
        env,
        "build_synthetic",
        f"--articles={args.articles}",
        f"--people={args.people}",
        f"--organizations={args.organizations}",
    )


# ------------------------------------------------------------------------------ pages


def pick_pages() -> list[Page]:
    """A typical page of each kind from the newsroom in the database."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from articles.models import (
        Article,
        ArticleStatus,
        OrganizationMention,
        PersonMention,
        Section,
    )
    from organizations.models import Organization, OrganizationLevel

    published = Article.objects.published()
    live = Q(articles__status=ArticleStatus.PUBLISHED, articles__published_at__lte=timezone.now())
    section = (
        Section.objects.filter(is_active=True)
        .annotate(n=Count("articles", filter=live))
        .order_by("-n", "pk")
        .first()
    )
    if section is None:
        sys.exit("The database has no active section: build the newsroom first.")

    # The newest article of the recent ones with a photo, bylines and several mentions.
    recent = published.order_by("-published_at", "-pk").values("pk")[:2000]
    shaped = Article.objects.filter(pk__in=recent).annotate(
        photos=Count("article_photos", distinct=True),
        bylines_n=Count("bylines", distinct=True),
        people=Count("person_mentions", filter=Q(person_mentions__confirmed=True), distinct=True),
        orgs=Count(
            "organization_mentions",
            filter=Q(organization_mentions__confirmed=True),
            distinct=True,
        ),
    )
    article = None
    for least in (2, 1, 0):
        article = (
            shaped.filter(
                photos__gte=min(least, 1),
                bylines_n__gte=min(least, 1),
                people__gte=least,
                orgs__gte=least,
            )
            .select_related("section")
            .order_by("-published_at", "-pk")
            .first()
        )
        if article is not None:
            break
    if article is None:
        sys.exit("The database has no published article.")

    top_person = (
        PersonMention.objects.filter(confirmed=True, article__in=published)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n", "person")
        .first()
    )
    from people.models import Person

    person = Person.objects.get(pk=top_person["person"]) if top_person else Person.objects.first()

    # The province-level organization with the most organizations below it.
    paths = list(Organization.objects.values_list("pk", "path", "level"))
    descendants = {
        pk: sum(1 for _, other, _ in paths if other != path and other.startswith(path))
        for pk, path, level in paths
        if level == OrganizationLevel.PROVINCE
    }
    if not descendants:
        descendants = {pk: 0 for pk, _, _ in paths}
    org_pk = max(descendants, key=lambda pk: (descendants[pk], -pk))
    organization = Organization.objects.get(pk=org_pk)
    org_mentions = OrganizationMention.objects.filter(
        confirmed=True, organization__in=Organization.objects.subtree_of(organization)
    ).count()

    return [
        Page("home", "/", "the home page"),
        Page(
            "section",
            section.get_absolute_url(),
            f"{section.name}: {section.n:,} published articles, page 1",
        ),
        Page(
            "article",
            article.get_absolute_url(),
            f"#{article.pk}: {article.photos} photo(s), {article.bylines_n} byline(s), "
            f"{article.people} people and {article.orgs} organizations mentioned",
        ),
        Page(
            "person",
            person.get_absolute_url(),
            f"{person.full_name}: {top_person['n'] if top_person else 0:,} confirmed mentions",
        ),
        Page(
            "organization",
            organization.get_absolute_url(),
            f"{organization.name}: {descendants[org_pk]:,} organizations below, "
            f"{org_mentions:,} confirmed mentions in its tree",
        ),
    ]


# ----------------------------------------------------------------------------- server


def fetch(port: int, path: str, timeout: float = 30) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextmanager
def gunicorn(env: dict, port: int, log_path: Path):
    """A gunicorn with the project's config, stopped (its whole group) on leaving."""
    from newsroom.floor import FLOOR_PATH

    log = open(log_path, "ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "newsroom/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn stopped at start (exit {process.returncode}): see {log_path}")
            try:
                status, _, _ = fetch(port, "/" + FLOOR_PATH, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn did not answer on port {port} within 90 s: see {log_path}")
            time.sleep(0.3)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def clear_page_cache(redis_url: str) -> None:
    """Forget the pages a previous run cached (only this benchmark's keys)."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    keys = list(client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


def check_pages(port: int, pages: list[Page], mode: str) -> dict[str, int]:
    """Every page answers 200 (not a redirect); cached pages come from the cache. Sizes."""
    sizes = {}
    for page in pages:
        status, headers, body = fetch(port, page.path)
        if status != 200:
            sys.exit(f"{page.name} {page.path} answered {status}, not 200")
        if mode == "cached":
            status, headers, body = fetch(port, page.path)
            if headers.get("X-Cache") != "HIT":
                sys.exit(f"{page.name} {page.path} is not served from the page cache: {headers}")
        sizes[page.name] = len(body)
    return sizes


# -------------------------------------------------------------------------------- wrk


def wrk(url: str, *, seconds: int, connections: int, threads: int, script: Path, log) -> Run:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    log.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    log.flush()
    if done.returncode != 0:
        sys.exit(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        sys.exit(f"wrk printed no report:\n{done.stdout}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Run(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors={
            name: int(data[key])
            for name, key in (
                ("non-2xx/3xx", "status_errors"),
                ("connect", "connect"),
                ("read", "read"),
                ("write", "write"),
                ("timeout", "timeout"),
            )
        },
    )


def drain(run: Run) -> None:
    """Let the workers finish what the last run left queued (the requests wrk sent before it
    stopped) so that the next run does not wait behind them: about its longest latency."""
    time.sleep(min(5.0, run.max_ms / 1000))


def measure_mode(args, env, pages, mode, script, wrk_log) -> tuple[list[Result], dict]:
    from newsroom.floor import FLOOR_PATH

    redis_url = args.redis_url if mode == "cached" else ""
    if redis_url:
        clear_page_cache(redis_url)
    port = free_port()
    log_path = WORK_DIR / f"gunicorn-{mode}.log"
    say(f"\n== {mode}: gunicorn on {HOST}:{port}, {args.workers} workers (log {log_path})")
    with gunicorn(
        server_env(env, port=port, workers=args.workers, redis_url=redis_url), port, log_path
    ):
        sizes = check_pages(port, pages, mode)
        base = f"http://{HOST}:{port}"
        floor_url = base + "/" + FLOOR_PATH
        options = dict(
            connections=args.connections, threads=args.threads, script=script, log=wrk_log
        )
        if args.warmup:
            for url in [floor_url, *(base + page.path for page in pages)]:
                drain(wrk(url, seconds=args.warmup, **options))
        results = []
        slices = max(1, args.duration // args.slice)
        for page in pages:
            # Floor and page take turns, so both meet the same load from the rest of the machine.
            floors, runs = [], []
            for _ in range(slices):
                for url, into in ((floor_url, floors), (base + page.path, runs)):
                    into.append(wrk(url, seconds=args.slice, **options))
                    drain(into[-1])
            floor, run = Run.merge(floors), Run.merge(runs)
            result = Result(page.name, mode, run, floor)
            results.append(result)
            say(
                f"   {page.name:<13} {run.rps:8.1f} req/s  p50 {run.p50_ms:6.1f} ms  "
                f"p99 {run.p99_ms:6.1f} ms   floor {floor.rps:7.1f} req/s   {result.ratio:6.1%}"
            )
    return results, sizes


# ------------------------------------------------------------------------------ report


def report(results: list[Result], args, pages: list[Page], sizes: dict) -> bool:
    say(
        f"\nPublic pages against the floor: {args.connections} connections, wrk -t{args.threads}, "
        f"{args.duration} s per page in {args.duration // args.slice} runs of {args.slice} s "
        f"alternating with the floor, gunicorn {args.workers} sync workers, DEBUG off, "
        f"PostgreSQL {urlsplit(args.database_url).path.lstrip('/')}"
    )
    for page in pages:
        say(f"  {page.name:<13} {page.path}  ({page.about}; {sizes.get(page.name, 0):,} bytes)")
    header = (
        f"\n{'page':<13} {'mode':<9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'floor req/s':>11} {'floor p50':>9} {'floor p99':>9} {'ratio':>7}  target"
    )
    say(header)
    say("-" * (len(header) + 20))
    all_met = True
    for mode in MODES:
        rows = [r for r in results if r.mode == mode]
        if not rows:
            continue
        floors = [r.floor for r in rows]
        say(
            f"{'floor':<13} {mode:<9} {statistics.median(f.rps for f in floors):8.1f} "
            f"{statistics.median(f.p50_ms for f in floors):7.1f} "
            f"{statistics.median(f.p99_ms for f in floors):7.1f} "
            f"{'':>11} {'':>9} {'':>9} {'100%':>7}  (median of {len(floors)} runs)"
        )
        for r in rows:
            misses = r.misses()
            all_met = all_met and not misses
            goal = []
            if mode == "cached":
                goal.append(f"≥{CACHED_TARGET:.0%}")
            elif r.page == "article":
                goal.append(f"≥{UNCACHED_ARTICLE_TARGET:.0%}")
            goal.append(f"p99<{P99_TARGET_MS:.0f}")
            verdict = "met" if not misses else "MISSED: " + "; ".join(misses)
            say(
                f"{r.page:<13} {mode:<9} {r.run.rps:8.1f} {r.run.p50_ms:7.1f} {r.run.p99_ms:7.1f} "
                f"{r.floor.rps:11.1f} {r.floor.p50_ms:9.1f} {r.floor.p99_ms:9.1f} "
                f"{r.ratio:7.1%}  {', '.join(goal)}: {verdict}"
            )
    say(
        "\nratio = the page's req/s / the floor's req/s in the run just before it "
        "(floor: a trivial view on the same server).\n"
        f"Targets: uncached article ≥ {UNCACHED_ARTICLE_TARGET:.0%}, cached ≥ "
        f"{CACHED_TARGET:.0%}, p99 < {P99_TARGET_MS:.0f} ms on every page. "
        + ("All met." if all_met else "Some MISSED.")
    )
    return all_met


# ----------------------------------------------------------------------------- profile


def profile(pages: list[Page], repeat: int, top: int = 25) -> None:
    """Each page through Django's test Client in this process: its queries, its time beside
    the floor's (medians, no profiler), then where that time goes (cProfile)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from newsroom.floor import FLOOR_PATH

    client = Client(HTTP_HOST=HOST)

    def median_ms(path: str) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    floor_ms = median_ms("/" + FLOOR_PATH)
    say(f"floor: {floor_ms:.2f} ms a request (median of {repeat}, in-process)")
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        if response.status_code != 200:
            sys.exit(f"{page.name} {page.path} answered {response.status_code}")
        captured = list(queries.captured_queries)  # the next requests reset the log
        query_ms = sum(float(q["time"]) for q in captured) * 1000
        page_ms = median_ms(page.path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(page.path)
        profiler.disable()
        say(
            f"\n== {page.name} {page.path}: {len(captured)} queries ({query_ms:.1f} ms in the "
            f"database), {page_ms:.2f} ms a request (floor {floor_ms:.2f} ms: "
            f"{floor_ms / page_ms:.1%}), {len(response.content):,} bytes"
        )
        for query in captured:
            say(f"   {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        say(out.getvalue())


def count_requests(path: str, count: int) -> None:
    """Serve ``path`` in this process ``count`` times after five unmeasured requests: what
    --instructions runs under callgrind, once with ``count`` and once with none."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    for _ in range(5 + count):
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}")


def _callgrind(args, path: str, count: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--database-url",
        args.database_url,
        "--count-requests",
        path,
        str(count),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"callgrind failed on {path}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def instructions(args, pages: list[Page]) -> None:
    """Instructions this process spends on a request of each page, counted by callgrind: the
    same count whatever else the machine is doing, where req/s moved by a third with the
    host's load during one afternoon. Python's side only: the database's work is not in it."""
    from newsroom.floor import FLOOR_PATH

    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind).")
    requests = args.repeat
    say(f"Instructions a request, in-process (callgrind, {requests} requests against none)")
    floor = None
    for name, path in [("floor", "/" + FLOOR_PATH)] + [(p.name, p.path) for p in pages]:
        each = (_callgrind(args, path, requests) - _callgrind(args, path, 0)) / requests
        floor = floor or each
        say(f"  {name:13s} {each / 1e6:7.2f} M   floor/page {floor / each:6.1%}")


# -------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"PostgreSQL database of the benchmark (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--organizations", type=int, default=1_000)
    parser.add_argument(
        "--no-build", action="store_true", help="use the database as it is (a copy of real data)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL and mode")
    parser.add_argument(
        "--slice",
        type=int,
        default=2,
        help="seconds of one wrk run: floor and page alternate in runs this long",
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up per URL (0: none)"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_PAGES_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis of the cached run; only keys under 'pagebench:' are touched",
    )
    parser.add_argument("--modes", default=",".join(MODES), help="uncached,cached")
    parser.add_argument("--pages", default=",".join(PAGES), help=",".join(PAGES))
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile each page in-process instead of loading it (in the first of --modes)",
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="requests per page with --profile or --instructions"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the instructions of a request of each page with callgrind instead of "
        "loading it (needs valgrind; about 80 s a page)",
    )
    parser.add_argument("--count-requests", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    wanted = [p for p in args.pages.split(",") if p]
    if args.duration < 1 or args.warmup < 0 or not 1 <= args.slice <= args.duration:
        parser.error(
            "--duration is at least 1 second, --warmup at least 0 (wrk counts whole seconds)"
        )
    if unknown := (set(modes) - set(MODES)) | (set(wanted) - set(PAGES)):
        parser.error(f"unknown mode or page: {', '.join(sorted(unknown))}")
    if args.count_requests:  # a child of --instructions, under callgrind
        os.environ.clear()
        os.environ.update(
            base_env(args.database_url, WORK_DIR / "static"),
            DJANGO_SETTINGS_MODULE="newsroom.settings",
        )
        import django

        django.setup()
        count_requests(args.count_requests[0], int(args.count_requests[1]))
        return 0
    in_process = args.profile or args.instructions
    if not in_process and shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `make bench-pages` installs it (apt-get install wrk).")

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = base_env(args.database_url, WORK_DIR / "static")
    # This process reads the database with the server's settings (to pick the pages); with
    # --profile it serves them too, with the page cache when the first mode is "cached".
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    if args.profile and modes[0] == "cached":
        os.environ["REDIS_URL"] = args.redis_url
        clear_page_cache(args.redis_url)
    import django

    django.setup()

    started = time.monotonic()
    ensure_newsroom(args, env)
    manage(env, "collectstatic", "--noinput", "-v0")
    pages = [page for page in pick_pages() if page.name in wanted]
    from django.db import connections

    connections.close_all()

    if args.profile:
        say(f"Profiling in-process, {modes[0]}")
        profile(pages, args.repeat)
        return 0
    if args.instructions:
        instructions(args, pages)
        return 0

    load_before = os.getloadavg()
    results: list[Result] = []
    sizes: dict = {}
    with tempfile.TemporaryDirectory() as tmp, open(WORK_DIR / "wrk.log", "w") as wrk_log:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_REPORT)
        for mode in modes:
            mode_results, sizes = measure_mode(args, env, pages, mode, script, wrk_log)
            results.extend(mode_results)
    all_met = report(results, args, pages, sizes)
    say(
        f"Load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
        f"({os.cpu_count()} cores, shared). {time.monotonic() - started:.0f} s in all; "
        f"wrk's own reports in {WORK_DIR / 'wrk.log'}."
    )
    (WORK_DIR / "results.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "pages": [asdict(page) for page in pages],
                "results": [
                    {**asdict(r), "ratio": r.ratio, "rps": r.run.rps, "floor_rps": r.floor.rps}
                    for r in results
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
