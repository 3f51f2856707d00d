"""Test data builders: one place that knows how to make each model."""

import io
import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
)
from organizations.models import Organization, OrganizationKind, OrganizationLevel
from people.models import Author, Person, Position

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_user(username=None, **fields):
    username = username or f"user{_n()}"
    fields.setdefault("is_staff", True)
    return get_user_model().objects.create_user(
        username=username, password=fields.pop("password", "mat-khau-thu-nghiem-1"), **fields
    )


def make_organization(name=None, parent=None, **fields):
    fields.setdefault("kind", OrganizationKind.OTHER)
    fields.setdefault("level", OrganizationLevel.PROVINCE)
    return Organization.objects.create(name=name or f"Tổ chức {_n()}", parent=parent, **fields)


def make_person(full_name=None, **fields):
    return Person.objects.create(full_name=full_name or f"Nguyễn Văn {_n()}", **fields)


def make_position(person=None, organization=None, title="Bí thư", **fields):
    return Position.objects.create(
        person=person or make_person(),
        organization=organization or make_organization(),
        title=title,
        **fields,
    )


def make_author(name=None, **fields):
    return Author.objects.create(name=name or f"Phóng viên {_n()}", **fields)


def make_section(name=None, **fields):
    return Section.objects.create(name=name or f"Chuyên mục {_n()}", **fields)


def make_article(title=None, published=True, section=None, **fields):
    if published:
        fields.setdefault("status", ArticleStatus.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        title=title or f"Bài viết số {_n()}",
        lead=fields.pop("lead", "Sáng nay, đoàn công tác của tỉnh làm việc tại huyện."),
        body=fields.pop("body", "<p>Nội dung bài viết.</p>"),
        section=section if section is not None else make_section(),
        **fields,
    )


def image_bytes(width=64, height=48, fmt="JPEG", color=(160, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def make_photo(width=64, height=48, **fields):
    upload = SimpleUploadedFile(f"anh-{_n()}.jpg", image_bytes(width, height), "image/jpeg")
    fields.setdefault("alt_text", "Quang cảnh buổi làm việc")
    return Photo.objects.create(image=upload, **fields)


def make_article_photo(
    article, photo=None, caption="Đồng chí phát biểu tại buổi làm việc", **fields
):
    return ArticlePhoto.objects.create(
        article=article,
        photo=photo if photo is not None else make_photo(),
        caption=caption,
        **fields,
    )


def make_byline(article, author=None, **fields):
    return Byline.objects.create(article=article, author=author or make_author(), **fields)


def mention_person(article, person, confirmed=True, **fields):
    return PersonMention.objects.create(
        article=article, person=person, confirmed=confirmed, **fields
    )


def mention_organization(article, organization, confirmed=True, **fields):
    return OrganizationMention.objects.create(
        article=article, organization=organization, confirmed=confirmed, **fields
    )


def day(text: str) -> date:
    """'22/05/2020' → date(2020, 5, 22)."""
    d, m, y = (int(part) for part in text.split("/"))
    return date(y, m, d)


# -- search ------------------------------------------------------------------------------


def make_caption(article, *people, caption="Đồng chí phát biểu tại buổi làm việc", **fields):
    """A caption (no image file) showing ``people``."""
    article_photo = ArticlePhoto.objects.create(
        article=article, photo=None, caption=caption, **fields
    )
    article_photo.people.add(*people)
    return article_photo


def at(text: str, hour: int = 9, minute: int = 0):
    """'22/05/2020' → an aware datetime that day, local time (Asia/Ho_Chi_Minh)."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day(text), time(hour, minute)))


def make_user_with_permission(codename, app_label="articles", **fields):
    from django.contrib.auth.models import Permission

    user = make_user(**fields)
    user.user_permissions.add(
        Permission.objects.get(codename=codename, content_type__app_label=app_label)
    )
    return user
