from django.core.management.base import BaseCommand

from articles.roles import ROLE_PERMISSIONS, ensure_roles


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật các nhóm vai trò (Phóng viên, Biên tập viên, …) và quyền của chúng."

    def handle(self, *args, **options):
        groups = ensure_roles()
        for role, group in groups.items():
            self.stdout.write(f"{role}: {group.permissions.count()} quyền")
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {len(ROLE_PERMISSIONS)} vai trò."))
