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


def make_photo_with_renditions(width=1200, height=800, **fields):
    """A photo with its stored JPEG and WebP renditions, as the admin leaves it."""
    from articles.photos import photo_make_renditions

    photo = make_photo(width, height, **fields)
    photo_make_renditions(photo=photo)
    return photo


def make_newsroom():
    """A small newsroom with every kind of row a backup must keep (tests/test_backup.py)."""
    from django.contrib.auth.models import Group, Permission

    from articles.models import ArticleTransition, BylineRole

    editors = Group.objects.create(name=f"Biên tập viên {_n()}")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_article"]))
    editor = make_user(f"bientap{_n()}")
    editor.groups.add(editors)
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy", abbreviation="TU")
    board = make_organization("Ban Tuyên giáo Tỉnh ủy", parent=province)
    merged = make_organization("Ban Tuyên giáo và Dân vận Tỉnh ủy", parent=province)
    board.successor = merged
    board.save()
    person = make_person("Lương Văn Thành", aliases="Lương Thành")
    deputy = make_position(
        person, province, "Phó Bí thư Thường trực", started_on=day("01/10/2020"), order=1
    )
    chair = make_position(person, province, "Trưởng ban", started_on=day("01/10/2020"), order=2)
    make_position(person, board, "Phó Trưởng ban", ended_on=day("30/09/2020"), order=3)
    writer = make_author("Hoàng Minh", user=editor)
    photographer = make_author("Vi Thu")
    section = make_section("Chính trị")
    related = make_article("Hội nghị sơ kết công tác tuyên giáo", published=False, section=section)
    article = make_article(
        "Đoàn công tác của Tỉnh ủy làm việc tại xã Đồng Đăng",
        section=section,
        lead="Sáng 12/3, đoàn công tác của Tỉnh ủy do đồng chí Lương Văn Thành dẫn đầu.",
        body="<p>Đồng chí <strong>Lương Văn Thành</strong> phát biểu chỉ đạo.</p>",
        created_by=editor,
        edited_by=editor,
        source_line="",
    )
    article.tags.add("Xây dựng Đảng", "Đồng Đăng")
    article.related_articles.add(related)
    make_byline(article, writer, role=BylineRole.TEXT, order=0)
    make_byline(article, photographer, role=BylineRole.PHOTO, order=1)
    first = make_photo(80, 60, credit="Vi Thu", caption="Quang cảnh buổi làm việc")
    second = make_photo(40, 30, credit="Vi Thu")
    shown = make_article_photo(
        article, first, caption="Đồng chí Lương Văn Thành phát biểu tại buổi làm việc", order=0
    )
    shown.people.add(person)
    make_article_photo(article, second, caption="Các đại biểu tham quan mô hình", order=1)
    article.featured_photo = first
    article.save()
    mention = mention_person(article, person, field="lead", span_text="Lương Văn Thành")
    mention.positions.set([deputy, chair])
    mention_organization(article, province, field="lead", span_text="Tỉnh ủy")
    ArticleTransition.objects.create(
        article=article, from_status="review", to_status="published", user=editor, note="Duyệt"
    )
    return {
        "article": article,
        "related": related,
        "person": person,
        "photos": [first, second],
        "editor": editor,
        "group": editors,
    }


# --- Editorial desk (issue 3): staff in a role, and articles at each step of the workflow.


def make_staff(role, username=None, **fields):
    """A staff user in one of the newsroom's roles (articles/roles.py)."""
    from django.contrib.auth.models import Group

    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


def make_draft(created_by=None, **fields):
    """An unpublished draft with everything publishing needs except what the test removes."""
    fields.setdefault("status", ArticleStatus.DRAFT)
    article = make_article(published=False, created_by=created_by, edited_by=created_by, **fields)
    make_byline(article)
    return article


def make_ready_article(created_by=None, status=ArticleStatus.DRAFT, **fields):
    """A draft that passes the readiness check: a byline and a captioned photo with alt text."""
    article = make_draft(created_by=created_by, status=status, **fields)
    make_article_photo(article, caption="Đồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị")
    return article
