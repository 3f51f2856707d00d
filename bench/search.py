"""Search benchmark: p95 of each kind of search on the synthetic newsroom, beside a naive scan.

Run by ``make bench`` (which builds the newsroom_bench database once with build_synthetic):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/search.py

Each timed run is one call of ``search_articles``: the first page of 20 with snippets and
positions cited, plus the result count (exact up to 1,000, "about" past it) — what the staff
page does for one request. The naive figure is what a first version would do: ``icontains`` on
title, lead and body (no folding), newest first, and an exact count, measured in the same run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article, PersonMention  # noqa: E402
from articles.search import Order, SearchCriteria, search_articles  # noqa: E402
from organizations.models import Organization, OrganizationKind  # noqa: E402
from people.models import Person  # noqa: E402

TARGETS = {  # milliseconds at p95 (issue 5)
    "person": 10,
    "organization + all sub-organizations": 50,
    "free text, newest first": 50,
    "free text, by relevance": 100,
    "exact phrase": 250,
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


class DatabaseClock:
    """Time spent waiting for PostgreSQL, as opposed to Python building and reading queries."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def naive(text: str):
    """A first version: icontains everywhere, newest first, an exact count."""
    found = Article.objects.filter(
        Q(title__icontains=text) | Q(lead__icontains=text) | Q(body__icontains=text)
    )
    list(found.order_by("-published_at")[:20])
    return found.count()


def people_by_popularity() -> list[Person]:
    """People at several popularity ranks: tens of thousands of articles down to a handful."""
    ranked = list(
        PersonMention.objects.filter(confirmed=True)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n", "person")
        .values_list("person", "n")
    )
    picks = [0, 1, 4, 19, 99, 499, 1999, len(ranked) // 2]
    chosen = [ranked[i] for i in picks if i < len(ranked)]
    people = Person.objects.in_bulk([pk for pk, _ in chosen])
    return [people[pk] for pk, _ in chosen]


def province() -> Organization:
    """The province's party committee with the most descendants."""
    best, best_count = None, -1
    for organization in Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_COMMITTEE):
        count = organization.get_descendants().count()
        if count > best_count:
            best, best_count = organization, count
    return best


def cases(people, top) -> dict[str, list[tuple[str, SearchCriteria, str]]]:
    """Search kind → [(label, criteria, naive text)]."""
    heavy, middle = people[0], people[len(people) // 2]
    texts = [
        "quan",  # in nearly every article
        "dang uy khoi",  # three common syllables that go together
        "tuyen quan",
        "hội nghị sơ kết",
        "Khuổi Phặc",  # a hamlet: a few thousand articles
        "669",  # a number: under two thousand
        heavy.full_name.upper(),
        middle.full_name,
    ]
    phrases = [
        "ban thuong vu",
        "dang uy khoi",
        "cong tac tuyen quan",
        "thon Khuoi Phac",
        middle.full_name,
        "tinh uy ban",  # three common syllables, never in this order
    ]
    return {
        "person": [(f"{p.full_name}", SearchCriteria(person=p), p.full_name) for p in people],
        "organization + all sub-organizations": [
            (
                f"{top.label} ({top.get_descendants().count()} below)",
                SearchCriteria(organization=top),
                top.label,
            ),
        ],  # fmt: skip
        "free text, newest first": [(t, SearchCriteria(text=t), t) for t in texts],
        "free text, by relevance": [
            (t, SearchCriteria(text=t, order=Order.RELEVANCE), t) for t in texts
        ],
        "exact phrase": [(f'"{t}"', SearchCriteria(text=f'"{t}"'), t) for t in phrases],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument("--naive-runs", type=int, default=3, help="naive runs per query")
    parser.add_argument("--naive-queries", type=int, default=2, help="naive queries per kind")
    parser.add_argument("--verbose", action="store_true", help="print every query's figures")
    parser.add_argument("--only", default="", help="only the kinds whose name contains this")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        print("The search benchmark runs on PostgreSQL (set DATABASE_URL).", file=sys.stderr)
        return 2
    articles = Article.objects.count()
    print(
        f"Newsroom: {articles:,} articles, {Person.objects.count():,} people, "
        f"{Organization.objects.count():,} organizations; PostgreSQL "
        f"{connection.pg_version // 10000}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    people = people_by_popularity()
    top = province()
    plan = cases(people, top)

    rows = []
    for kind, queries in plan.items():
        if args.only not in kind:
            continue
        times: list[float] = []
        database: list[float] = []
        naive_times: list[float] = []
        counts = []
        for label, criteria, _ in queries:
            search_articles(criteria)  # warm: caches of the process, pages of the disk
            mine = []
            for _ in range(args.runs):
                search._CUTOFFS.clear()  # each run plans from scratch
                clock = DatabaseClock()
                with connection.execute_wrapper(clock):
                    mine.append(timed(lambda criteria=criteria: search_articles(criteria)))
                database.append(clock.seconds * 1000)
            times.extend(mine)
            page = search_articles(criteria)
            counts.append(page.count_label)
            if args.verbose:
                print(
                    f"  {kind[:12]:12s} {label[:40]:40s} p50 {statistics.median(mine):7.1f}"
                    f"  p95 {percentile(mine, 0.95):7.1f} ms  {page.count_label}"
                )
        for _, _, text in queries[: args.naive_queries]:
            for _ in range(args.naive_runs):
                naive_times.append(timed(lambda text=text: naive(text)))
        rows.append((kind, len(queries), times, database, naive_times, counts))

    print()
    header = (
        f"{'search':38s} {'queries':>7s} {'runs':>5s} {'p50 ms':>7s} {'p95 ms':>7s} "
        f"{'target':>6s} {'':4s} {'SQL p95':>7s} {'naive p95 ms':>12s}"
    )
    print(header)
    print("-" * len(header))
    for kind, count, times, database, naive_times, _ in rows:
        p95 = percentile(times, 0.95)
        target = TARGETS[kind]
        print(
            f"{kind:38s} {count:7d} {len(times):5d} {statistics.median(times):7.1f} "
            f"{p95:7.1f} {target:6d} {'ok' if p95 <= target else 'OVER':4s} "
            f"{percentile(database, 0.95):7.1f} {percentile(naive_times, 0.95):12.0f}"
        )
    print(
        "\np50/p95: one search_articles() call (page of 20, snippets, positions, count); "
        "SQL p95: the part spent in PostgreSQL; naive: icontains on title, lead and body, "
        "newest first, exact count."
    )
    print("\nResult counts shown (exact up to 1.000, estimated past it):")
    for kind, _, _, _, _, counts in rows:
        print(f"  {kind}: " + "; ".join(counts))
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
