"""Article revisions with django-reversion: what is kept, how two versions differ, restoring.

Every save through the admin, and every workflow step, keeps a revision holding the
article with its bylines, photo captions and mentions, and who saved it. Restoring an
old version brings back its content and parts, keeps the article's workflow state and
address, and is saved as a new revision — subject to the same rule as any edit.
"""

import difflib
import html as html_lib
import re
from collections import defaultdict

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from reversion.errors import RevertError
from reversion.models import Version

from people.models import Author

from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    BylineRole,
    OrganizationMention,
    PersonMention,
    Section,
)

ARTICLE_PARTS = ("bylines", "article_photos", "person_mentions", "organization_mentions")
# Fields compared between versions, in the order a change is reported.
TRACKED_FIELDS = (
    "title",
    "dateline_code",
    "lead",
    "body",
    "source_line",
    "section",
    "featured_photo",
    "status",
    "published_at",
)
DIFFED_FIELDS = ("title", "lead", "body")
# Workflow state and the public address are not content: a restore leaves them as they are.
KEPT_ON_RESTORE = ("status", "published_at", "slug", "created_by_id", "created_at")


def register_models() -> None:
    """Register the article and the rows it owns (idempotent; before the admin loads)."""
    if reversion.is_registered(Article):
        return
    for part in (Byline, ArticlePhoto, PersonMention, OrganizationMention):
        reversion.register(part)
    # search_document is derived from the text and rebuilt on every save.
    reversion.register(Article, exclude=("search_document",), follow=ARTICLE_PARTS)


def ensure_baseline(article: Article) -> bool:
    """Keep the article as it is now if it has no revision yet (imported, or made in code).

    The history then starts from the text as it arrived, a restore can go back to it, and
    an edit conflict can tell what changed since the form was opened. True if one was made.
    """
    if Version.objects.get_for_object(article).exists():
        return False
    with reversion.create_revision():
        reversion.set_comment("Bản có sẵn trước lần sửa đầu tiên trong tòa soạn")
        reversion.add_to_revision(article)
    return True


def article_versions(article_id: int, *, limit: int = 100):
    """The article's versions, newest first, with the revision and its user."""
    return Version.objects.get_for_object_reference(Article, article_id).select_related(
        "revision__user"
    )[:limit]


# ---------------------------------------------------------------------------- diffs

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|ul|ol)\s*>|<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TOKENS = re.compile(r"\s+|[^\s]+")
_CONTEXT = 25  # words kept on each side of an unchanged stretch


def text_of(body_html: str) -> str:
    """The body's text, one paragraph (heading, list item) per line."""
    text = _BLOCK_END.sub("\n", body_html or "")
    text = html_lib.unescape(strip_tags(text))
    return _BLANK_LINES.sub("\n", text).strip()


def _shorten(tokens: list[str], *, first: bool, last: bool) -> str:
    words = [index for index, token in enumerate(tokens) if not token.isspace()]
    if len(words) <= 2 * _CONTEXT:
        return "".join(tokens)
    head = "" if first else "".join(tokens[: words[_CONTEXT]])
    tail = "" if last else "".join(tokens[words[-_CONTEXT] :])
    return f"{head} … {tail}"


def _merge_changes(opcodes: list, before: list[str]) -> list:
    """Join changes separated only by a space: "<del>Lộc Bình</del><ins>Văn Lãng</ins>",
    not one word at a time."""
    merged = []
    for op, i1, i2, j1, j2 in opcodes:
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        elif (
            len(merged) >= 2
            and op != "equal"
            and merged[-1][0] == "equal"
            and merged[-2][0] != "equal"
            and "".join(before[merged[-1][1] : merged[-1][2]]).isspace()
        ):
            merged.pop()
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((op, i1, i2, j1, j2))
    return merged


def render_diff(old: str, new: str) -> SafeString:
    """Word diff of two texts as HTML: removed words in <del>, added in <ins>, all escaped."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    opcodes = _merge_changes(
        difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes(), before
    )
    parts = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            text = _shorten(before[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            parts.append(escape(text))
            continue
        if i2 > i1:
            parts.append(f'<del class="diff-del">{escape("".join(before[i1:i2]))}</del>')
        if j2 > j1:
            parts.append(f'<ins class="diff-ins">{escape("".join(after[j1:j2]))}</ins>')
    return mark_safe("".join(parts))


def plain_text(name: str, value) -> str:
    """Comparable text of a field: the body's HTML as text; title and lead are text already."""
    value = value or ""
    return text_of(value) if name == "body" else str(value)


def field_label(name: str) -> str:
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _shown(name: str, value, sections: dict) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        return ArticleStatus(value).label
    if name == "section":
        section = sections.get(value)
        return section.name if section else f"#{value}"
    if name == "published_at":
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if name == "featured_photo":
        return f"ảnh #{value}"
    return str(value)


# ---------------------------------------------------------------------------- history


def _parts_by_revision(revision_ids: list[int]) -> dict[int, dict[str, list]]:
    byline_type = ContentType.objects.get_for_model(Byline)
    photo_type = ContentType.objects.get_for_model(ArticlePhoto)
    parts: dict[int, dict[str, list]] = defaultdict(lambda: {"bylines": [], "photos": []})
    for version in Version.objects.filter(
        revision_id__in=revision_ids, content_type__in=[byline_type, photo_type]
    ):
        data = version.field_dict
        if version.content_type_id == byline_type.pk:
            parts[version.revision_id]["bylines"].append(
                (data["order"], data["author_id"], data["role"])
            )
        else:
            parts[version.revision_id]["photos"].append((data["order"], data["caption"]))
    for entry in parts.values():
        entry["bylines"].sort()
        entry["photos"].sort()
    return parts


def history_entries(article: Article, *, limit: int = 100) -> list[dict]:
    """Each kept version, newest first: who, when, what changed, and word diffs."""
    versions = list(article_versions(article.pk, limit=limit + 1))
    parts = _parts_by_revision([version.revision_id for version in versions])
    author_ids = {a for p in parts.values() for _, a, _ in p["bylines"]}
    authors = Author.objects.in_bulk(author_ids)
    section_ids = {v.field_dict.get("section_id") for v in versions} - {None}
    sections = Section.objects.in_bulk(section_ids)
    roles = dict(BylineRole.choices)

    def byline_text(rows):
        return " – ".join(
            f"{authors[a].name if a in authors else '#' + str(a)} ({roles.get(r, r)})"
            for _, a, r in rows
        )

    entries = []
    for index, version in enumerate(versions[:limit]):
        older = versions[index + 1] if index + 1 < len(versions) else None
        data = version.field_dict
        changes, diffs = [], []
        for name in TRACKED_FIELDS:
            attname = Article._meta.get_field(name).attname
            new = data.get(attname)
            old = older.field_dict.get(attname) if older else None
            if older is not None and old == new:
                continue
            if older is None and new in (None, ""):
                continue
            if name in DIFFED_FIELDS:
                diffs.append(
                    (field_label(name), render_diff(plain_text(name, old), plain_text(name, new)))
                )
            else:
                changes.append(
                    (field_label(name), _shown(name, old, sections), _shown(name, new, sections))
                )
        mine = parts[version.revision_id]
        theirs = parts[older.revision_id] if older else {"bylines": [], "photos": []}
        if mine["bylines"] != theirs["bylines"]:
            changes.append(
                ("Tác giả", byline_text(theirs["bylines"]) or "—", byline_text(mine["bylines"]))
            )
        if mine["photos"] != theirs["photos"]:
            changes.append(
                (
                    "Chú thích ảnh",
                    " | ".join(c for _, c in theirs["photos"]) or "—",
                    " | ".join(c for _, c in mine["photos"]) or "—",
                )
            )
        entries.append(
            {
                "version": version,
                "revision": version.revision,
                "user": version.revision.user,
                "comment": version.revision.get_comment(),
                "number": data.get("version"),
                "changes": changes,
                "diffs": diffs,
                "is_current": index == 0,
            }
        )
    return entries


def compare_with_current(article: Article, version: Version) -> list[tuple[str, SafeString]]:
    """Word diffs from the current article to ``version`` (what a restore would bring back)."""
    data = version.field_dict
    diffs = []
    for name in DIFFED_FIELDS:
        now, then = plain_text(name, getattr(article, name)), plain_text(name, data.get(name))
        if now != then:
            diffs.append((field_label(name), render_diff(now, then)))
    return diffs


# ---------------------------------------------------------------------------- restore


@transaction.atomic
def article_restore(*, article: Article, version: Version, user) -> Article:
    """Bring back ``version``'s content and parts as a new revision; workflow state stays."""
    from .workflow import NotAllowed, WorkflowError, can_edit

    current = Article.objects.select_for_update().get(pk=article.pk)
    if version.content_type_id != ContentType.objects.get_for_model(Article).pk or (
        version.object_id != str(current.pk)
    ):
        raise WorkflowError("Phiên bản này không thuộc bài viết này.")
    if not can_edit(user, current):
        raise NotAllowed("Bạn không có quyền sửa bài này nên không thể khôi phục phiên bản cũ.")
    kept = {name: getattr(current, name) for name in KEPT_ON_RESTORE}
    when = timezone.localtime(version.revision.date_created).strftime("%H:%M %d/%m/%Y")
    try:
        with transaction.atomic():
            version.revision.revert(delete=True)
            # Foreign keys are checked at commit; check now, while the error can be reported.
            connection.check_constraints(
                table_names=[
                    model._meta.db_table
                    for model in (
                        Article,
                        Byline,
                        ArticlePhoto,
                        ArticlePhoto.people.through,
                        PersonMention,
                        PersonMention.positions.through,
                        OrganizationMention,
                    )
                ]
            )
    except (RevertError, IntegrityError, ProtectedError) as error:
        raise WorkflowError(
            f"Không thể khôi phục phiên bản lúc {when}: một tác giả, ảnh hay nhân vật "
            "của phiên bản đó đã bị xóa."
        ) from error
    restored = Article.objects.get(pk=current.pk)
    for name, value in kept.items():
        setattr(restored, name, value)
    restored.version = current.version + 1
    restored.edited_by = user
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Khôi phục phiên bản lúc {when}")
        restored.save()
    for field in Article._meta.concrete_fields:
        setattr(article, field.attname, getattr(restored, field.attname))
    return article
