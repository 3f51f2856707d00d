"""manage.py import_articles PATH... — bring archived plain-text articles in."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from articles.importer import (
    ArticleFormatError,
    FileProblem,
    article_import,
    collect_files,
    read_article,
)
from articles.models import Section


class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


class _Progress:
    """One self-rewriting line on stderr when it is a terminal: "[####....] 120/10000"."""

    def __init__(self, stream, total: int):
        self.stream, self.total = stream, total
        self.enabled = total > 1 and stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, force: bool = False):
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // self.total
        rate = done / max(now - self.started, 1e-6)
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        self.stream.write(f"\r{bar} {done}/{self.total} ({rate:.0f} bài/giây)", ending="")
        self.stream.flush()
        self.shown = True

    def clear(self):
        """Make room for a message on its own line."""
        if self.shown:
            self.stream.write("\r\033[K", ending="")
            self.shown = False

    def close(self):
        if self.enabled:
            self.update(self.total, force=True)
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Nhập bài từ tệp văn bản lưu trữ (UTF-8): dòng ngày, tiêu đề, sapo “LSO-…”, nội dung, "
        "chú thích ảnh, tác giả. Mỗi bài một giao dịch; nhập lại thì cập nhật."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Tệp hoặc thư mục (tìm *.txt bên trong).")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Xuất bản ngay, thời điểm xuất bản theo dòng ngày; mặc định là bản nháp.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ cho biết sẽ tạo, cập nhật gì; không lưu."
        )
        parser.add_argument("--section", help="Đường dẫn (slug) của chuyên mục cho các bài nhập.")
        parser.add_argument(
            "--no-detect",
            action="store_true",
            help="Không tự phát hiện nhân vật, tổ chức (có thể chạy sau trong trang quản trị).",
        )

    def handle(self, *args, paths, publish, dry_run, section, no_detect, verbosity, **options):
        target_section = None
        if section:
            target_section = Section.objects.filter(slug=section).first()
            if target_section is None:
                raise CommandError(f"Không có chuyên mục “{section}”.")
        files, problems = collect_files(paths)
        for problem in problems:
            self.stderr.write(f"LỖI {problem}")
        progress = _Progress(self.stderr, len(files))
        created = updated = 0
        failed = len(problems)
        seen_keys: dict[str, Path] = {}
        authors: dict = {}
        started = time.monotonic()
        for done, path in enumerate(files):
            progress.update(done)
            try:
                parsed = read_article(path)
                earlier = seen_keys.get(parsed.import_key)
                if earlier is not None:
                    raise ArticleFormatError(
                        f"Trùng bài với {earlier} (cùng ngày, cùng tiêu đề).", parsed.title_line
                    )
                seen_keys[parsed.import_key] = path
                outcome, description = self._import(
                    parsed,
                    path,
                    publish=publish,
                    section=target_section,
                    detect=not no_detect,
                    dry_run=dry_run,
                    describe=verbosity >= 2 or dry_run,
                    authors=authors,
                )
            except (ArticleFormatError, OSError, DatabaseError) as error:
                failed += 1
                progress.clear()
                if isinstance(error, OSError):
                    problem = FileProblem(path, f"Không đọc được tệp: {error.strerror}")
                elif isinstance(error, DatabaseError):
                    # Another import of the same article at the same moment, a locked
                    # SQLite file…: this file failed, the next one may well succeed.
                    problem = FileProblem(path, f"Lỗi cơ sở dữ liệu, bài chưa được lưu: {error}")
                else:
                    problem = FileProblem(path, error.message, error.line)
                self.stderr.write(f"LỖI {problem}")
                continue
            if outcome.created:
                created += 1
            else:
                updated += 1
            if description:
                progress.clear()
                self.stdout.write(description)
        progress.close()
        elapsed = time.monotonic() - started
        verb = "Chạy thử — sẽ " if dry_run else ""
        if verbosity >= 1:
            self.stdout.write(
                f"{verb}tạo {created}, cập nhật {updated}, lỗi {failed} "
                f"({len(files)} tệp, {elapsed:.1f} giây)."
            )
        if failed:
            raise CommandError(f"{failed} tệp không nhập được.", returncode=1)

    def _import(self, parsed, path, *, publish, section, detect, dry_run, describe, authors):
        """Import one article; a dry run does all the work, detection included, then rolls back."""
        result = []
        try:
            with transaction.atomic():
                outcome = article_import(
                    parsed=parsed,
                    publish=publish,
                    section=section,
                    source_name=Path(path).name,
                    detect=detect,
                    author_cache={} if dry_run else authors,
                )
                result = [outcome, self._describe(path, outcome, dry_run) if describe else ""]
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return result

    @staticmethod
    def _describe(path, outcome, dry_run) -> str:
        article = outcome.article
        if dry_run:
            action = "sẽ tạo" if outcome.created else "sẽ cập nhật"
        else:
            action = "tạo" if outcome.created else "cập nhật"
        lines = [f"{action}: {path} → «{article.title}» ({article.published_at:%d/%m/%Y})"]
        details = []
        if article.dateline_code:
            details.append(f"mã {article.dateline_code}")
        bylines = ", ".join(str(byline.author) for byline in article.bylines.all())
        if bylines:
            details.append(f"tác giả {bylines}")
        if article.source_line:
            details.append(article.source_line)
        photos = list(article.article_photos.all())
        if photos:
            details.append(f"{len(photos)} chú thích ảnh")
        if details:
            lines.append("    " + "; ".join(details))
        links = outcome.links
        if links is not None and links.detection is not None:
            mentions = article.person_mentions.select_related("person").prefetch_related(
                "positions__organization"
            )
            for mention in mentions:
                positions = "; ".join(str(position) for position in mention.positions.all())
                lines.append(
                    f"    nhân vật: {mention.person}" + (f" ({positions})" if positions else "")
                )
            orgs = article.organization_mentions.select_related("organization")
            names = ", ".join(str(mention.organization) for mention in orgs)
            if names:
                lines.append(f"    tổ chức: {names}")
            for index, photo in enumerate(article.article_photos.prefetch_related("people"), 1):
                shown = ", ".join(str(person) for person in photo.people.all())
                lines.append(f"    ảnh {index}: {photo.caption[:60]}… — {shown or 'chưa rõ ai'}")
            for proposal in article.proposals.all():
                lines.append(f"    đề xuất: {proposal}")
        return "\n".join(lines)
