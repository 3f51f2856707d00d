"""Build a synthetic newsroom for benchmarks: ``manage.py build_synthetic --articles 200000``."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.synthetic import Sizes, build_newsroom
from organizations.models import Organization
from people.models import Person


class Command(BaseCommand):
    help = (
        "Tạo một tòa soạn giả lập (tổ chức, nhân vật, tác giả, bài viết) để đo hiệu năng. "
        "Cơ sở dữ liệu phải chưa có bài viết."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=200_000)
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--organizations", type=int, default=2_000)
        parser.add_argument("--authors", type=int, default=80)
        parser.add_argument("--seed", type=int, default=20200522)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Bỏ qua (không báo lỗi) khi cơ sở dữ liệu đã có bài viết.",
        )

    def handle(self, *args, **options):
        for name in ("articles", "people", "organizations", "authors"):
            if options[name] < 1:
                raise CommandError(f"--{name} phải lớn hơn 0.")
        if Article.objects.exists() or Person.objects.exists() or Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write(f"Đã có dữ liệu ({Article.objects.count():,} bài viết), bỏ qua.")
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; hãy dùng một cơ sở dữ liệu trống "
                "(ví dụ DATABASE_URL=postgres://…/newsroom_bench)."
            )
        sizes = Sizes(
            articles=options["articles"],
            people=options["people"],
            organizations=options["organizations"],
            authors=options["authors"],
        )
        started = time.perf_counter()

        def progress(message):
            self.stdout.write(f"[{time.perf_counter() - started:6.0f}s] {message}")
            self.stdout.flush()

        build_newsroom(sizes, seed=options["seed"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: {Article.objects.count():,} bài viết, {Person.objects.count():,} nhân vật, "
                f"{Organization.objects.count():,} tổ chức trong "
                f"{time.perf_counter() - started:.0f} giây."
            )
        )
