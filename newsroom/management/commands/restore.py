from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from newsroom.backup import BackupError, restore_backup, rows_present


class Command(BaseCommand):
    help = (
        "Khôi phục tòa soạn từ một bản sao lưu: kiểm tra manifest, ghi tệp ảnh, "
        "rồi thay toàn bộ dữ liệu trong một giao dịch."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar.gz do lệnh backup tạo.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận khi cơ sở dữ liệu đích đã có dữ liệu.",
        )

    def handle(self, *args, archive, database=DEFAULT_DB_ALIAS, interactive=True, **options):
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {archive}.")
        present = rows_present(database)
        if present and interactive:
            try:
                answer = input(
                    f"Cơ sở dữ liệu đang có {present} bản ghi; khôi phục sẽ thay thế toàn bộ. "
                    "Gõ 'yes' để tiếp tục: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy khôi phục.")
        try:
            result = restore_backup(archive, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Khôi phục không thành công: {error}") from error
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {rows} bản ghi và {result.files} tệp từ {archive}; "
                "số bản ghi từng loại khớp manifest."
            )
        )
        if options["verbosity"] >= 2:
            for label, count in result.counts.items():
                self.stdout.write(f"  {label}: {count}")
