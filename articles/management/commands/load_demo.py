"""``manage.py load_demo``: the demo newsroom, created or refreshed without duplicates."""

import time

from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Tạo (hoặc làm mới) dữ liệu mẫu của tòa soạn; chạy lại nhiều lần không sinh bản trùng."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_demo()
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu trong {seconds:.1f} giây."))
        for label, count in result.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("")
        self.stdout.write(
            "Tài khoản demo (mật khẩu CHỈ DÙNG CHO BẢN DEMO, đổi hoặc xóa khi triển khai):"
        )
        for username, password, role in result.accounts:
            self.stdout.write(f"  {username:<12} {password:<18} {role}")
