from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from newsroom.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ tòa soạn (cơ sở dữ liệu và tệp ảnh) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Thư mục ghi bản sao lưu (mặc định BACKUP_DIR, var/backups).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir=None, database=DEFAULT_DB_ALIAS, **options):
        output_dir = output_dir or settings.BACKUP_DIR
        try:
            result = create_backup(output_dir, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Sao lưu không thành công: {error}") from error
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {rows} bản ghi và {result.files} tệp "
                f"({result.media_bytes} byte) vào {result.path}"
            )
        )
        if options["verbosity"] >= 2:
            for label, count in result.counts.items():
                self.stdout.write(f"  {label}: {count}")
        return None
