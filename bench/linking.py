"""Speed of entity linking and of the archive import (issue 6, item 5).

    make bench-linking            # full sizes
    .venv/bin/python bench/linking.py --articles 1000   # a shorter import run

Measures, against a synthetic directory of 10,000 people, 2,000 organizations and
5,000 aliases: building the automaton (time, and memory with tracemalloc),
detection per 1,000-word article (word boundaries, longest match and title
resolution included), loading the directory from SQLite, and importing 10,000
generated articles into a fresh SQLite database with ``import_articles``.
Everything is written under a temporary folder that is removed afterwards.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Lộc "
    "Vi Nông Lăng Hứa Triệu Mông Chu Hà Đinh La Tô"
).split()
MIDDLE = "Văn Thị Minh Hữu Đức Thanh Quang Ngọc Xuân Thu Hồng Kim Quốc Gia Bảo".split()
GIVEN = (
    "An Bình Cường Dũng Hải Hiếu Hòa Hùng Khánh Lâm Long Nam Nghiệm Nghiêm Phong Quân Sơn "
    "Tâm Thắng Thăng Tiến Trung Tuấn Việt Vinh Yến Diễm Hạnh Hương Lan Linh Mai Nga Oanh "
    "Phương Thảo Trang Tú Khải Lộc Thành Đạt Kiên Nhung Huệ Cúc Đào Liên Ngân"
).split()
PLACE_SYLLABLES = (
    "Bắc Nam Đông Tây Hòa Bình Yên Thịnh Phú Quý Lộc Tân Xuân Hồng Kỳ Lừa Mai Pha "
    "Khánh Khê Tú Mịch Đồng Đăng Vân Thủy Sơn Hà Lạc Long Cao Chi Lăng Tràng Định "
    "Hữu Kiên Minh Quang Trung Thượng Hạ Tiến Thành Phong"
).split()
TITLES = [
    "Bí thư",
    "Phó Bí thư",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Trưởng",
    "Chánh Văn phòng",
]
FILLER = (
    "các đại biểu đã thảo luận và thống nhất nhiều nội dung quan trọng trong công tác "
    "lãnh đạo chỉ đạo phát triển kinh tế xã hội bảo đảm quốc phòng an ninh trên địa bàn "
    "hội nghị đánh giá kết quả thực hiện nhiệm vụ năm nay đồng thời đề ra phương hướng "
    "giải pháp cho thời gian tới với tinh thần đoàn kết trách nhiệm đổi mới sáng tạo "
    "người dân tích cực tham gia xây dựng nông thôn mới và chuyển đổi số"
).split()


def synthetic_directory(people=10_000, organizations=2_000, aliases=5_000, seed=6):
    """Rows in the shape ``Directory`` takes: (people, organizations, positions)."""
    rng = random.Random(seed)
    places = set()
    while len(places) < organizations // 2:
        places.add(" ".join(rng.sample(PLACE_SYLLABLES, 2)))
    places = sorted(places)
    org_rows = [
        (1, "Tỉnh ủy Lạng Sơn", "Tỉnh ủy", "", "", None, None, "/1/"),
        (2, "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh", "", "", None, None, "/2/"),
    ]
    kinds = ["Đảng bộ xã {}", "Ủy ban nhân dân xã {}", "Chi bộ thôn {}", "Trường Tiểu học {}"]
    names = set()
    org_id = 3
    while len(org_rows) < organizations:
        name = rng.choice(kinds).format(rng.choice(places))
        if name in names:
            continue
        names.add(name)
        org_rows.append((org_id, name, "", "", "", None, None, f"/1/{org_id}/"))
        org_id += 1
    full_names = set()
    while len(full_names) < people:
        parts = [rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)]
        if rng.random() < 0.3:
            parts.insert(2, rng.choice(GIVEN))
        full_names.add(" ".join(parts))
    person_rows = [[pid, name, ""] for pid, name in enumerate(sorted(full_names), start=1)]
    rng.shuffle(person_rows)
    org_alias_count = aliases * 2 // 5
    for index in range(aliases - org_alias_count):  # pen names, other spellings
        row = person_rows[index % len(person_rows)]
        row[2] = " ".join([rng.choice(MIDDLE), rng.choice(GIVEN), rng.choice(GIVEN)])
    org_rows = [list(row) for row in org_rows]
    for index in range(org_alias_count):
        row = org_rows[2 + index % (len(org_rows) - 2)]
        row[4] = row[1].replace("Ủy ban nhân dân", "UBND").replace("Trường Tiểu học", "Trường TH")
        if row[4] == row[1]:
            row[4] = f"{row[1]} cũ"
    position_rows = []
    for pid, _, _ in person_rows:
        org = rng.choice(org_rows)
        started = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        ended = started + timedelta(days=rng.randrange(300, 3000)) if rng.random() < 0.4 else None
        position_rows.append((pid, pid, org[0], rng.choice(TITLES), started, ended, 1))
    position_rows.append((people + 1, person_rows[0][0], 1, "Bí thư", None, None, 1))
    position_rows.append((people + 2, person_rows[1][0], 2, "Chủ tịch", None, None, 1))
    return (
        [tuple(row) for row in person_rows],
        [tuple(row) for row in org_rows],
        position_rows,
    )


def synthetic_article(rng, person_rows, org_rows, position_rows, words=1000):
    """A 1,000-word text that names about 20 people, 20 organizations and a few titles."""
    by_person = {row[1]: row for row in position_rows}
    org_names = {row[0]: row[1] for row in org_rows}
    out, count = [], 0
    while count < words:
        sentence = rng.sample(FILLER, rng.randrange(12, 22))
        roll = rng.random()
        if roll < 0.3:
            person = rng.choice(person_rows)
            insert = f"đồng chí {person[1]}"
            position = by_person.get(person[0])
            if position:
                insert += f", {position[3]} {org_names[position[2]]}"
            sentence.insert(rng.randrange(len(sentence)), insert)
        elif roll < 0.6:
            sentence.insert(rng.randrange(len(sentence)), rng.choice(org_rows)[1])
        elif roll < 0.7:
            sentence.insert(rng.randrange(len(sentence)), "Bí thư Tỉnh ủy")
        text = " ".join(sentence)
        count += len(text.split())
        out.append(text[0].upper() + text[1:] + ".")
    return " ".join(out)


def bench_build(rows, repeat=7):
    from articles.linking import Directory

    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        directory = Directory(*rows)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    kept = Directory(*rows)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return directory, min(times), min(cpu), current - baseline, peak - baseline


def bench_detect(directory, rows, count=300):
    from articles.linking import detect

    rng = random.Random(7)
    texts = [synthetic_article(rng, *rows) for _ in range(count)]
    assert all(1000 <= len(text.split()) <= 1100 for text in texts)
    day = date(2021, 6, 1)
    for text in texts[:20]:  # warm up
        detect(body=text, day=day, directory=directory)
    timings, cpu, found = [], [], 0
    for text in texts:
        started, started_cpu = time.perf_counter(), time.process_time()
        detection = detect(body=text, day=day, directory=directory)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        found += len(detection.people) + len(detection.organizations)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    return statistics.median(timings), statistics.median(cpu), p95, found / count


def write_archive(folder: Path, rows, count: int):
    rng = random.Random(8)
    person_rows, org_rows, _ = rows
    start = date(2019, 1, 1)
    for index in range(count):
        day = start + timedelta(days=index % 2400)
        weekday = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
        body = synthetic_article(rng, *rows, words=400)
        sentences = body.split(". ")
        paragraphs = [". ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        person = rng.choice(person_rows)[1]
        text = "\n\n".join(
            [
                f"{weekday[day.weekday()]}, {day:%d/%m/%Y}",
                f"Bản tin số {index + 1}: {rng.choice(org_rows)[1]} triển khai nhiệm vụ",
                f"LSO-{paragraphs[0]}",
                *paragraphs[1:3],
                f"\nĐồng chí {person} phát biểu tại hội nghị",
                *paragraphs[3:],
                rng.choice(["NGỌC HIẾU – THU DIỄM", "MINH ANH", "(Theo TTXVN)"]),
            ]
        )
        (folder / f"{index:05d}.txt").write_text(text + "\n", encoding="utf-8")


def bench_import(workdir: Path, rows, count: int):
    import django
    from django.core.management import call_command

    django.setup()
    from organizations.models import Organization
    from people.models import Person, Position

    call_command("migrate", verbosity=0)
    person_rows, org_rows, position_rows = rows
    Organization.objects.bulk_create(
        Organization(id=r[0], name=r[1], short_name=r[2], aliases=r[4], slug=f"o-{r[0]}", path=r[7])
        for r in org_rows
    )
    Person.objects.bulk_create(
        Person(id=r[0], full_name=r[1], aliases=r[2], slug=f"p-{r[0]}") for r in person_rows
    )
    Position.objects.bulk_create(
        Position(
            id=r[0],
            person_id=r[1],
            organization_id=r[2],
            title=r[3],
            started_on=r[4],
            ended_on=r[5],
            order=r[6],
        )
        for r in position_rows
    )
    from articles.linking import load_directory

    started = time.perf_counter()
    load_directory()
    load_seconds = time.perf_counter() - started

    archive = workdir / "archive"
    archive.mkdir()
    write_archive(archive, rows, count)
    started = time.perf_counter()
    call_command("import_articles", str(archive), verbosity=0)
    seconds = time.perf_counter() - started
    from articles.models import Article, PersonMention

    assert Article.objects.count() == count, Article.objects.count()
    mentions = PersonMention.objects.count()
    return load_seconds, seconds, mentions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--organizations", type=int, default=2_000)
    parser.add_argument("--aliases", type=int, default=5_000)
    parser.add_argument("--articles", type=int, default=10_000, help="how many to import (0: skip)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-linking-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every SQL query in memory
    import django

    django.setup()
    missed = []
    try:
        rows = synthetic_directory(options.people, options.organizations, options.aliases)
        directory, build, build_cpu, kept, peak = bench_build(rows)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"linking: machine load average {load} on {os.cpu_count()} CPUs")
        print(
            f"linking: directory of {len(rows[0]):,} people, {len(rows[1]):,} organizations, "
            f"{options.aliases:,} aliases, {len(rows[2]):,} positions → {len(directory):,} keys"
        )
        ok = build <= 0.100 and peak <= 20e6
        missed += [] if ok else ["build"]
        print(
            f"linking: automaton build {build * 1000:.0f} ms (best of 7; CPU "
            f"{build_cpu * 1000:.0f} ms), memory {kept / 1e6:.1f} MB kept, "
            f"{peak / 1e6:.1f} MB peak (tracemalloc) — target ≤ 100 ms, ≤ 20 MB: "
            f"{'ok' if ok else 'MISSED'}"
        )
        median, median_cpu, p95, found = bench_detect(directory, rows)
        ok = median <= 0.001
        missed += [] if ok else ["detect"]
        print(
            f"linking: detection {median * 1000:.2f} ms per 1,000-word article (median of 300; "
            f"CPU {median_cpu * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms; {found:.0f} entities "
            f"each) — target ≤ 1 ms: {'ok' if ok else 'MISSED'}"
        )
        if options.articles:
            load_seconds, seconds, mentions = bench_import(workdir, rows, options.articles)
            print(f"linking: directory load from SQLite {load_seconds * 1000:.0f} ms")
            limit = 180 * options.articles / 10_000
            ok = seconds < limit
            missed += [] if ok else ["import"]
            print(
                f"import: {options.articles:,} articles on SQLite in {seconds:.1f} s "
                f"({options.articles / seconds:.0f} articles/s, {mentions:,} person links) "
                f"— target < {limit:.0f} s: {'ok' if ok else 'MISSED'}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if missed and options.strict:
        sys.exit(1)


if __name__ == "__main__":
    main()
