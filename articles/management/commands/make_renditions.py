from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Photo
from articles.photos import photo_make_renditions


class Command(BaseCommand):
    help = "Tạo các bản ảnh thu nhỏ (JPEG và WebP) còn thiếu cho ảnh đã có trong thư viện."

    def add_arguments(self, parser):
        parser.add_argument("--photo", type=int, action="append", help="chỉ ảnh có id này")
        parser.add_argument(
            "--replace", action="store_true", help="xóa và tạo lại cả những bản đã có"
        )

    def handle(self, *args, photo=None, replace=False, **options):
        photos = Photo.objects.order_by("pk").prefetch_related("renditions")
        if photo:
            photos = photos.filter(pk__in=photo)
        made = seen = 0
        failed = []
        for item in photos.iterator(chunk_size=200):
            seen += 1
            try:
                made += len(photo_make_renditions(photo=item, replace=replace))
            except (OSError, ValidationError, ValueError) as error:
                failed.append(item.pk)
                self.stderr.write(f"Ảnh #{item.pk} ({item.image.name}): {error}")
        self.stdout.write(f"Đã xem {seen} ảnh, tạo {made} bản thu nhỏ.")
        if failed:
            raise CommandError(
                f"{len(failed)} ảnh không tạo được bản thu nhỏ: "
                + ", ".join(f"#{pk}" for pk in failed)
            )
