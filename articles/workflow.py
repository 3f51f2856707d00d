"""Who may do what to an article, and the services that move it along the desk.

draft → in review → published (scheduled while ``published_at`` is in the future; readers
see it from that moment, because ``Article.objects.published()`` compares with now — no
cron job) → unpublished; an editor sends a draft back to its reporter with a note.

The admin (buttons, bulk actions), management commands and tests all call these functions;
hiding a button is never the rule. Every refusal is a ``WorkflowError`` whose message is
written for the person who tried.
"""

from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsroom.text import date_line

from .models import Article, ArticleStatus, ArticleTransition, Byline, Photo

SUBMIT, SEND_BACK, APPROVE, PUBLISH, UNPUBLISH = (
    "submit",
    "send_back",
    "approve",
    "publish",
    "unpublish",
)
ACTION_LABELS = {
    SUBMIT: "Gửi duyệt",
    SEND_BACK: "Trả lại phóng viên",
    APPROVE: "Duyệt và xuất bản",
    PUBLISH: "Xuất bản",
    UNPUBLISH: "Gỡ bài",
}
# The admin's buttons save the form first, then take the step.
BUTTON_LABELS = {
    SUBMIT: "Lưu và gửi duyệt",
    SEND_BACK: "Lưu và trả lại phóng viên",
    APPROVE: "Lưu, duyệt và xuất bản",
    PUBLISH: "Lưu và xuất bản",
    UNPUBLISH: "Lưu và gỡ bài",
}


class WorkflowError(Exception):
    """A refused step. ``str(error)`` is the whole message; ``problems`` lists its items."""

    def __init__(self, message: str, *, problems: list[str] | None = None):
        self.problems = list(problems or [])
        if self.problems:
            message = f"{message} {' '.join(self.problems)}"
        super().__init__(message)


class NotAllowed(WorkflowError):
    """The user's role, or the article's status, does not allow the step."""


class NotReady(WorkflowError):
    """The article lacks something a published article must have."""


# ---------------------------------------------------------------------------- rules


def _has(user, codename: str) -> bool:
    return bool(user and user.is_active and user.has_perm(f"articles.{codename}"))


def is_own(user, article: Article) -> bool:
    """The user created the article, or is one of its bylined authors."""
    if not (user and user.is_authenticated):
        return False
    if article.created_by_id == user.pk:
        return True
    if article.pk is None:
        return False
    cache = article.__dict__.setdefault("_bylined_users", {})
    if user.pk not in cache:
        cache[user.pk] = Byline.objects.filter(article=article, author__user=user).exists()
    return cache[user.pk]


def can_view(user, article: Article) -> bool:
    return _has(user, "view_article") or _has(user, "change_article")


def can_edit(user, article: Article) -> bool:
    """Editors edit any article; a reporter edits only their own drafts (sent-back ones too)."""
    if not _has(user, "change_article"):
        return False
    if _has(user, "edit_any_article"):
        return True
    return article.status == ArticleStatus.DRAFT and is_own(user, article)


def can_edit_photo(user, photo: Photo) -> bool:
    """Editors change any photo; a reporter one that every article showing it lets them
    edit, and that they uploaded or use in one of their drafts (its alt text is theirs to fill).
    """
    if not _has(user, "change_photo"):
        return False
    if _has(user, "edit_any_article") or photo.pk is None:
        return True
    showing = list(
        Article.objects.filter(Q(article_photos__photo=photo) | Q(featured_photo=photo)).distinct()
    )
    if not all(can_edit(user, article) for article in showing):
        return False
    return photo.uploaded_by_id == user.pk or bool(showing)


def can_submit(user, article: Article) -> bool:
    return article.status == ArticleStatus.DRAFT and can_edit(user, article)


def can_send_back(user, article: Article) -> bool:
    return article.status == ArticleStatus.REVIEW and _has(user, "review_article")


def can_approve(user, article: Article) -> bool:
    return (
        article.status == ArticleStatus.REVIEW
        and _has(user, "review_article")
        and _has(user, "publish_article")
    )


def can_publish(user, article: Article) -> bool:
    """Publish now or at a time: anything not already live (a scheduled one is re-timed)."""
    return _has(user, "publish_article") and not article.is_live


def can_unpublish(user, article: Article) -> bool:
    return article.status == ArticleStatus.PUBLISHED and _has(user, "publish_article")


_RULES = {
    SUBMIT: can_submit,
    SEND_BACK: can_send_back,
    APPROVE: can_approve,
    PUBLISH: can_publish,
    UNPUBLISH: can_unpublish,
}


def allowed_actions(user, article: Article) -> list[str]:
    """The steps ``user`` may take on ``article`` now, in the order the admin shows them."""
    actions = [action for action, rule in _RULES.items() if rule(user, article)]
    if APPROVE in actions and PUBLISH in actions:
        actions.remove(PUBLISH)  # in review, publishing is approving
    return actions


def readiness_problems(article: Article) -> list[str]:
    """Everything a published article must have and this one lacks; [] when ready."""
    problems = []
    if not (article.title or "").strip():
        problems.append("Chưa có tiêu đề.")
    if not (article.lead or "").strip():
        problems.append("Chưa có sapo.")
    if not article.section_id:
        problems.append("Chưa chọn chuyên mục.")
    if article.pk is None or not article.bylines.exists():
        problems.append("Chưa có tác giả (bút danh) nào.")
    if article.pk is not None:
        for number, usage in enumerate(article.article_photos.select_related("photo"), start=1):
            if not usage.caption.strip():
                problems.append(f"Ảnh thứ {number} trong bài chưa có chú thích.")
            if usage.photo_id and not usage.photo.alt_text.strip():
                problems.append(
                    f"Ảnh thứ {number} trong bài chưa có mô tả thay thế (sửa trong thư viện ảnh)."
                )
    if article.featured_photo_id and not article.featured_photo.alt_text.strip():
        problems.append("Ảnh đại diện chưa có mô tả thay thế (sửa trong thư viện ảnh).")
    return problems


def last_send_back(article: Article) -> ArticleTransition | None:
    """The note that sent this draft back, while it is still a draft."""
    if article.pk is None or article.status != ArticleStatus.DRAFT:
        return None
    last = article.transitions.select_related("user").order_by("-created_at", "-pk").first()
    if last and last.from_status == ArticleStatus.REVIEW and last.to_status == ArticleStatus.DRAFT:
        return last
    return None


# ---------------------------------------------------------------------------- services


def _lock(article: Article) -> Article:
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise WorkflowError("Bài viết này không còn tồn tại.") from None


def _comment(label: str, note: str) -> str:
    return f"{label}: {note}" if note else label


def _move(
    *,
    article: Article,
    current: Article,
    user,
    to_status: str,
    label: str,
    note: str = "",
    published_at: datetime | None = None,
) -> Article:
    """Record the step, keep a revision, and bring the caller's instance up to date."""
    from_status = current.status
    current.status = to_status
    if published_at is not None:
        current.published_at = published_at
    current.edited_by = user
    current.version += 1
    try:
        current.full_clean()
    except ValidationError as error:
        raise WorkflowError(f"Không lưu được bài: {' '.join(error.messages)}") from error
    with reversion.create_revision():
        earlier = reversion.get_comment()
        reversion.set_user(user)
        reversion.set_comment(" — ".join(filter(None, [earlier, _comment(label, note)])))
        current.save()
    ArticleTransition.objects.create(
        article=current, from_status=from_status, to_status=to_status, user=user, note=note
    )
    for field in Article._meta.concrete_fields:
        setattr(article, field.attname, getattr(current, field.attname))
    return article


def _status_refusal(current: Article, what: str) -> NotAllowed:
    return NotAllowed(f"Không thể {what}: bài đang ở trạng thái “{current.get_status_display()}”.")


@transaction.atomic
def article_submit(*, article: Article, user, note: str = "") -> Article:
    """A draft goes to the editors for review."""
    current = _lock(article)
    if current.status != ArticleStatus.DRAFT:
        raise _status_refusal(current, "gửi duyệt")
    if not can_submit(user, current):
        raise NotAllowed("Bạn chỉ gửi duyệt được bản nháp của chính mình.")
    return _move(
        article=article,
        current=current,
        user=user,
        to_status=ArticleStatus.REVIEW,
        label=ACTION_LABELS[SUBMIT],
        note=note.strip(),
    )


@transaction.atomic
def article_send_back(*, article: Article, user, note: str) -> Article:
    """An article in review goes back to its reporter as a draft, with what to fix."""
    current = _lock(article)
    if not _has(user, "review_article"):
        raise NotAllowed("Chỉ biên tập viên mới trả lại bài được.")
    if current.status != ArticleStatus.REVIEW:
        raise _status_refusal(current, "trả lại")
    note = (note or "").strip()
    if not note:
        raise WorkflowError("Hãy ghi rõ lý do trả lại để phóng viên biết cần sửa gì.")
    return _move(
        article=article,
        current=current,
        user=user,
        to_status=ArticleStatus.DRAFT,
        label=ACTION_LABELS[SEND_BACK],
        note=note,
    )


def _publish(
    *, article: Article, current: Article, user, at: datetime | None, note: str, label: str
) -> Article:
    problems = readiness_problems(current)
    if problems:
        raise NotReady("Bài chưa đủ điều kiện xuất bản:", problems=problems)
    now = timezone.now()
    if at is None:
        at = now
    elif timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now:
        label = f"Hẹn giờ xuất bản lúc {date_line(at, with_time=True)}"
    return _move(
        article=article,
        current=current,
        user=user,
        to_status=ArticleStatus.PUBLISHED,
        label=label,
        note=note.strip(),
        published_at=at,
    )


@transaction.atomic
def article_publish(
    *, article: Article, user, at: datetime | None = None, note: str = ""
) -> Article:
    """Publish now, or at ``at`` (scheduled: hidden from readers until then)."""
    current = _lock(article)
    if not _has(user, "publish_article"):
        raise NotAllowed("Chỉ biên tập viên mới xuất bản bài được.")
    if current.is_live:
        raise NotAllowed("Bài đang hiển thị trên báo; muốn đổi giờ xuất bản, hãy gỡ bài trước.")
    return _publish(
        article=article,
        current=current,
        user=user,
        at=at,
        note=note,
        label=ACTION_LABELS[PUBLISH],
    )


@transaction.atomic
def article_approve(
    *, article: Article, user, at: datetime | None = None, note: str = ""
) -> Article:
    """An editor accepts an article in review and publishes it (now or at ``at``)."""
    current = _lock(article)
    if not (_has(user, "review_article") and _has(user, "publish_article")):
        raise NotAllowed("Chỉ biên tập viên mới duyệt bài được.")
    if current.status != ArticleStatus.REVIEW:
        raise _status_refusal(current, "duyệt")
    return _publish(
        article=article,
        current=current,
        user=user,
        at=at,
        note=note,
        label=ACTION_LABELS[APPROVE],
    )


@transaction.atomic
def article_unpublish(*, article: Article, user, note: str = "") -> Article:
    """Take a published (or scheduled) article off the site."""
    current = _lock(article)
    if not _has(user, "publish_article"):
        raise NotAllowed("Chỉ biên tập viên mới gỡ bài được.")
    if current.status != ArticleStatus.PUBLISHED:
        raise _status_refusal(current, "gỡ")
    return _move(
        article=article,
        current=current,
        user=user,
        to_status=ArticleStatus.UNPUBLISHED,
        label=ACTION_LABELS[UNPUBLISH],
        note=note.strip(),
    )


def perform(
    action: str, *, article: Article, user, note: str = "", at: datetime | None = None
) -> Article:
    """Run the step named ``action`` (as the admin's buttons and actions name them)."""
    if action == SUBMIT:
        return article_submit(article=article, user=user, note=note)
    if action == SEND_BACK:
        return article_send_back(article=article, user=user, note=note)
    if action == APPROVE:
        return article_approve(article=article, user=user, at=at, note=note)
    if action == PUBLISH:
        return article_publish(article=article, user=user, at=at, note=note)
    if action == UNPUBLISH:
        return article_unpublish(article=article, user=user, note=note)
    raise WorkflowError("Thao tác không hợp lệ.")
