"""Safe concurrent editing: a save based on an old version of an article is refused.

Every form carries the ``Article.version`` it was opened at. ``lock_for_edit`` locks the
article's row for the rest of the transaction (``SELECT … FOR UPDATE`` on PostgreSQL; on
SQLite every write transaction begins IMMEDIATE, which serializes writers) and compares:
of two simultaneous saves of version n, the second waits for the first, then finds n+1
and is refused with who saved in between and what they changed.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.safestring import SafeString

from .models import Article, ArticlePhoto, Byline
from .revisions import (
    DIFFED_FIELDS,
    TRACKED_FIELDS,
    article_versions,
    field_label,
    plain_text,
    render_diff,
)


def display_name(user) -> str:
    if user is None:
        return "một người khác"
    return user.get_full_name() or user.get_username()


@dataclass
class Conflict:
    """What the refused writer needs to know to merge by hand."""

    current_version: int
    base_version: int | None
    saved_by: str
    saved_at: object
    base_known: bool = False
    changed: list[str] = field(default_factory=list)
    diffs: list[tuple[str, SafeString]] = field(default_factory=list)

    @property
    def changed_label(self) -> str:
        if self.base_known:
            return "Họ đã thay đổi"
        return "Bản đã lưu khác bản của bạn ở"

    @property
    def message(self) -> str:
        when = timezone.localtime(self.saved_at).strftime("%H:%M %d/%m/%Y")
        what = ", ".join(self.changed) if self.changed else "không rõ mục nào"
        return (
            f"Chưa lưu: trong lúc bạn sửa, {self.saved_by} đã lưu bài này lúc {when} "
            f"(phiên bản {self.current_version}). {self.changed_label}: {what}. "
            "Mọi thứ bạn gõ vẫn còn nguyên dưới đây; hãy đối chiếu rồi bấm Lưu lần nữa "
            "để ghi đè bằng bản của bạn."
        )


class EditConflict(Exception):
    def __init__(self, conflict: Conflict, *, current: Article):
        self.conflict = conflict
        self.current = current
        super().__init__(conflict.message)


def lock_for_edit(*, article_id: int, expected_version: int | None) -> Article:
    """Lock the article for this transaction; raise EditConflict if it moved past ``expected``.

    Must run inside ``transaction.atomic`` (the admin's change view is). Raises
    ``Article.DoesNotExist`` when the article was deleted meanwhile.
    """
    current = Article.objects.select_for_update().get(pk=article_id)
    if expected_version is None or current.version != expected_version:
        raise EditConflict(_describe(current, expected_version), current=current)
    return current


def _parts(article_id: int) -> tuple[list, list]:
    bylines = sorted(
        Byline.objects.filter(article_id=article_id).values_list("author_id", "role", "order")
    )
    photos = sorted(
        ArticlePhoto.objects.filter(article_id=article_id).values_list(
            "photo_id", "caption", "order"
        )
    )
    return bylines, photos


def _parts_in_revision(version) -> tuple[list, list]:
    byline_type = ContentType.objects.get_for_model(Byline)
    photo_type = ContentType.objects.get_for_model(ArticlePhoto)
    bylines, photos = [], []
    for part in version.revision.version_set.filter(content_type__in=[byline_type, photo_type]):
        data = part.field_dict
        if part.content_type_id == byline_type.pk:
            bylines.append((data["author_id"], data["role"], data["order"]))
        else:
            photos.append((data["photo_id"], data["caption"], data["order"]))
    return sorted(bylines), sorted(photos)


def _describe(current: Article, base_version: int | None) -> Conflict:
    base = None
    if base_version is not None:
        for version in article_versions(current.pk, limit=50):
            if version.field_dict.get("version") == base_version:
                base = version
                break
    changed = []
    if base is not None:
        data = base.field_dict
        for name in TRACKED_FIELDS:
            attname = Article._meta.get_field(name).attname
            if data.get(attname) != getattr(current, attname):
                changed.append(field_label(name))
        bylines, photos = _parts(current.pk)
        base_bylines, base_photos = _parts_in_revision(base)
        if bylines != base_bylines:
            changed.append("Tác giả")
        if photos != base_photos:
            changed.append("Ảnh và chú thích")
    return Conflict(
        current_version=current.version,
        base_version=base_version,
        saved_by=display_name(current.edited_by),
        saved_at=current.updated_at,
        base_known=base is not None,
        changed=changed,
    )


def with_diffs(conflict: Conflict, *, current: Article, typed: dict) -> Conflict:
    """Add word diffs from the saved text to what the refused writer typed."""
    for name in DIFFED_FIELDS:
        saved, mine = plain_text(name, getattr(current, name)), plain_text(name, typed.get(name))
        if saved.strip() != mine.strip():
            conflict.diffs.append((field_label(name), render_diff(saved, mine)))
    if not conflict.base_known:
        # The version the form was opened at was never kept: say where the texts differ.
        conflict.changed = [label for label, _ in conflict.diffs]
    return conflict
