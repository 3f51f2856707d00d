"""Bringing archived articles in from the paper's plain-text files.

The layout (see ``tests/corpus/`` for examples of our own)::

    Thứ ba,  02/03/2021                      date line
                                             blank
    Title of the article                     title (one or more lines)

    LSO-Sáng nay (22/5), …                   lead: the agency code becomes dateline_code
    Body paragraph …                         paragraphs, one per block
    * Chiều cùng ngày, …                     a "* " paragraph opens a new part: body
                                             two blank lines before a block: a caption
    Đồng chí X, Phó Bí thư …                 a caption may run over two lines,
    phát biểu tại …                          or carry a credit "(Ảnh: Thu Diễm)"
    …
    NGỌC HIẾU – THU DIỄM                     byline: names in capitals
    (Theo TTXVN)                             or a source line

``parse_article()`` reads one text into a ``ParsedArticle`` or raises
``ArticleFormatError`` with the line at fault; ``article_import()`` creates or
updates the Article in its own transaction and runs the entity detection.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from newsroom.text import fold, name_case, normalize, parse_date_line
from people.models import Author

from . import linking
from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    ArticleTransition,
    Byline,
    BylineRole,
    Section,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
TITLE_MAX = Article._meta.get_field("title").max_length

# "LSO-Sáng nay …", "LSO - Sáng nay …": the agency code opening the lead.
_CODE = re.compile(r"^(?P<code>[A-ZĐ]{2,8})\s?[-–—]\s?(?P<rest>\S.*)$", re.S)
# Captions usually end without a full stop; body paragraphs end with one.
_SENTENCE_END = re.compile(r"[.!?…:;”\"')]$")
_CAPTION_OPENERS = re.compile(
    r"^(?:Các đồng chí|Đồng chí|Ông|Bà|Lãnh đạo|Quang cảnh|Toàn cảnh|Đoàn|Đại biểu|Các đại biểu)\s"
)
# "Hoàng Văn A, Phó Bí thư …": a name of capitalized words and a comma.
_NAME_COMMA = re.compile(r"^(?:[^\W\d_]+ ){1,4}[^\W\d_]+,")
_CREDIT_PAREN = re.compile(r"\s*\(\s*Ảnh\s*:\s*(?P<credit>[^()]{1,80}?)\s*\)\s*[.]?$", re.I)
_CREDIT_TAIL = re.compile(r"(?:^|(?<=[.\s–-]))\s*Ảnh\s*:\s*(?P<credit>[^.:()]{1,60}?)\s*$", re.I)
_SOURCE = re.compile(r"^\(\s*(?P<source>(?:Theo|Nguồn)\s*:?\s+[^()]{1,150}?)\s*\)\.?$", re.I)
_SOURCE_BARE = re.compile(r"^(?P<source>(?:Theo|Nguồn:)\s+[^,.;:()]{1,80}?)\.?$", re.I)
_BYLINE_ROLE = re.compile(
    r"^(?P<role>Bài và ảnh|Bài, ảnh|Bài|Ảnh|Video|Đồ họa|Đồ hoạ)\s*:\s*(?P<names>.+)$", re.I
)
_BYLINE_SPLIT = re.compile(r"\s*[–—,\-]\s*")


class ArticleFormatError(ValueError):
    """A file that cannot be read as an article; ``line`` is 1-based (0 when not about a line)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"dòng {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParsedCaption:
    text: str
    credit: str = ""
    line: int = 0


@dataclass
class ParsedByline:
    name: str
    role: str = BylineRole.TEXT


@dataclass
class ParsedArticle:
    day: date
    title: str
    dateline_code: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[ParsedCaption] = field(default_factory=list)
    bylines: list[ParsedByline] = field(default_factory=list)
    source_line: str = ""
    title_line: int = 0

    @property
    def import_key(self) -> str:
        """Who this article is, wherever its file lies: a hash of its date and folded title.

        Not the path (archives get moved and re-exported) and not the file name (folders of
        "001.txt" per day collide); folding makes a tone-placement or case correction of the
        title still update the same article.
        """
        identity = f"{self.day.isoformat()}\n{fold(self.title)}"
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:40]

    @property
    def body_html(self) -> str:
        return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in self.paragraphs)


@dataclass
class _Block:
    lines: list[tuple[int, str]]
    blanks_before: int

    @property
    def first_line(self) -> int:
        return self.lines[0][0]

    @cached_property
    def text(self) -> str:
        if len(self.lines) == 1:
            return self.lines[0][1]  # normalized when read
        return normalize(" ".join(text for _, text in self.lines))


# ---------------------------------------------------------------------------
# Reading bytes


def decode_article(data: bytes) -> str:
    """The text of a file: UTF-8 with or without BOM; anything else is refused with its line."""
    if not data.strip():
        raise ArticleFormatError("Tệp rỗng.", 1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArticleFormatError("Tệp mã hóa UTF-16; hãy lưu lại dưới dạng UTF-8.", 1)
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise ArticleFormatError("Tệp nhị phân (có byte NUL), không phải văn bản.", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise ArticleFormatError(
            f"Không đọc được bằng UTF-8 (byte 0x{byte:02X}); hãy lưu lại tệp dưới dạng UTF-8.",
            line,
        ) from None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise ArticleFormatError("Tệp có ký tự điều khiển, không phải văn bản thường.", 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path) -> ParsedArticle:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ArticleFormatError(f"Tệp quá lớn ({size // 1024} KB) cho một bài viết.")
    return parse_article(decode_article(path.read_bytes()))


# ---------------------------------------------------------------------------
# Parsing the layout


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    blanks = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = normalize(raw)
        if not line:
            if current:
                blocks.append(_Block(current, blanks))
                current, blanks = [], 0
            blanks += 1
            continue
        current.append((number, line))
    if current:
        blocks.append(_Block(current, blanks))
    return blocks


def _is_uppercase_names(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _byline_names(text: str) -> list[str] | None:
    names = [part for part in _BYLINE_SPLIT.split(text.strip(" .")) if part]
    if not names:
        return None
    for name in names:
        words = name.split(" ")
        if not 1 <= len(words) <= 5 or not all(word.isalpha() for word in words):
            return None
    return [name_case(name) for name in names]


def _parse_byline(block: _Block) -> list[ParsedByline] | None:
    """ "NGỌC HIẾU – THU DIỄM", "Bài và ảnh: THU DIỄM": the authors, or None if not a byline."""
    found: list[ParsedByline] = []
    for _, line in block.lines:
        roles = [BylineRole.TEXT]
        names_text = line
        match = _BYLINE_ROLE.match(line)
        if match:
            names_text = match.group("names")
            role = match.group("role").lower()
            roles = {
                "bài": [BylineRole.TEXT],
                "ảnh": [BylineRole.PHOTO],
                "video": [BylineRole.VIDEO],
                "đồ họa": [BylineRole.GRAPHICS],
                "đồ hoạ": [BylineRole.GRAPHICS],
            }.get(role, [BylineRole.TEXT, BylineRole.PHOTO])
        if not _is_uppercase_names(names_text) or len(names_text.split()) > 16:
            return None
        names = _byline_names(names_text)
        if names is None:
            return None
        found.extend(ParsedByline(name, role) for name in names for role in roles)
    return found


def _parse_source(block: _Block) -> str:
    if len(block.lines) != 1:
        return ""
    text = block.text
    match = _SOURCE.match(text) or _SOURCE_BARE.match(text)
    return normalize(match.group("source")) if match else ""


def _split_credit(text: str) -> tuple[str, str]:
    """ "Quang cảnh hội nghị (Ảnh: Thu Diễm)" → ("Quang cảnh hội nghị", "Thu Diễm")."""
    for pattern in (_CREDIT_PAREN, _CREDIT_TAIL):
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = match.group("credit").strip(" .")
            if _is_uppercase_names(credit):
                credit = name_case(credit)
            return text[: match.start()].rstrip(" –-"), credit
    return text, ""


def _looks_like_caption(block: _Block, two_blanks_mark_captions: bool = True) -> bool:
    text = block.text
    if text.startswith("* "):
        return False
    if block.blanks_before >= 2 and two_blanks_mark_captions:
        return True
    if _CREDIT_PAREN.search(text) or (_CREDIT_TAIL.search(text) and not text.startswith("Ảnh")):
        return True
    short = len(text.split()) <= 40 and not _SENTENCE_END.search(text)
    if not short:
        return False
    if len(block.lines) > 1:
        return True  # a short block printed over two lines: a caption under a photo
    return bool(_CAPTION_OPENERS.match(text) or _NAME_COMMA.match(text))


def parse_article(text: str) -> ParsedArticle:
    """Read an article's text (already decoded) into its parts."""
    blocks = _blocks(text)
    if not blocks:
        raise ArticleFormatError("Tệp rỗng.", 1)

    first = blocks[0]
    number, line = first.lines[0]
    try:
        day = parse_date_line(line)
    except ValueError:
        raise ArticleFormatError(f"Ngày không có thật: “{line}”.", number) from None
    if day is None:
        raise ArticleFormatError(
            f"Dòng đầu phải là dòng ngày, ví dụ “Thứ ba, 02/03/2021”; gặp “{line[:60]}”.", number
        )
    rest = blocks[1:]
    if len(first.lines) > 1:  # title printed straight under the date
        rest.insert(0, _Block(first.lines[1:], 0))
    if not rest:
        raise ArticleFormatError("Thiếu tiêu đề sau dòng ngày.", number + 1)

    title_block = rest.pop(0)
    lead_lines = [i for i, (_, text_) in enumerate(title_block.lines) if _CODE.match(text_)]
    if lead_lines:
        split = lead_lines[0]
        if split == 0:
            raise ArticleFormatError(
                "Thiếu tiêu đề: sau dòng ngày là sapo.", title_block.first_line
            )
        rest.insert(0, _Block(title_block.lines[split:], 0))
        title_block = _Block(title_block.lines[:split], title_block.blanks_before)
    title = title_block.text
    if len(title) > TITLE_MAX:
        raise ArticleFormatError(
            f"Tiêu đề dài {len(title)} ký tự, quá {TITLE_MAX}: có lẽ thiếu dòng trống sau tiêu đề.",
            title_block.first_line,
        )

    parsed = ParsedArticle(day=day, title=title, title_line=title_block.first_line)

    # The end of the file: a byline in capitals and/or a source line, in either order.
    while rest:
        last = rest[-1]
        if not parsed.bylines:
            bylines = _parse_byline(last)
            if bylines:
                parsed.bylines = bylines
                rest.pop()
                continue
        if not parsed.source_line:
            source = _parse_source(last)
            if source:
                parsed.source_line = source
                rest.pop()
                continue
        break

    if rest:
        lead_block = rest.pop(0)
        lead = lead_block.text
        match = _CODE.match(lead)
        if match:
            parsed.dateline_code = match.group("code")
            lead = match.group("rest").strip()
        parsed.lead = lead

    # Two blank lines set a caption apart only where they are the exception: some
    # exports put two blank lines between all paragraphs.
    spaced = sum(1 for block in rest if block.blanks_before >= 2)
    two_blanks_mark_captions = spaced <= max(2, len(rest) // 3)
    previous_caption = False
    for block in rest:
        text_ = block.text
        if previous_caption and block.blanks_before <= 1 and text_[:1].islower():
            caption = parsed.captions[-1]  # a caption's second half, set apart by a blank line
            caption.text, credit = _split_credit(f"{caption.text} {text_}")
            caption.credit = caption.credit or credit
            continue
        if _looks_like_caption(block, two_blanks_mark_captions):
            caption_text, credit = _split_credit(text_)
            parsed.captions.append(ParsedCaption(caption_text, credit, block.first_line))
            previous_caption = True
            continue
        previous_caption = False
        parsed.paragraphs.append(text_)

    if not parsed.lead and not parsed.paragraphs:
        raise ArticleFormatError("Bài không có sapo và nội dung.", title_block.first_line)
    return parsed


# ---------------------------------------------------------------------------
# Storing


@dataclass
class ImportOutcome:
    article: Article
    created: bool
    links: linking.LinkReport | None = None


def _authors(names: list[str], cache: dict[str, Author]) -> list[Author]:
    found = []
    for name in names:
        author = cache.get(name)
        if author is None:
            author = Author.objects.filter(name=name).first()
            if author is None:
                author = Author(name=name)
                author.full_clean()
                author.save()
            cache[name] = author
        found.append(author)
    return found


def article_import(
    *,
    parsed: ParsedArticle,
    publish: bool = False,
    section: Section | None = None,
    source_name: str = "",
    detect: bool = True,
    author_cache: dict[str, Author] | None = None,
) -> ImportOutcome:
    """Create or update the article ``parsed`` describes, in one transaction.

    Re-importing the same article (same date and title) updates it: its text,
    bylines and captions follow the file; photos already attached to captions,
    mentions editors confirmed and the publication status are kept, unless
    ``publish`` asks for it to be published.
    """
    author_cache = {} if author_cache is None else author_cache
    with transaction.atomic():
        key = parsed.import_key
        article = Article.objects.select_for_update().filter(import_key=key).first()
        created = article is None
        if created:
            article = Article(import_key=key, status=ArticleStatus.DRAFT)
        old_status = "" if created else article.status
        article.title = parsed.title
        article.dateline_code = parsed.dateline_code
        article.lead = parsed.lead
        article.body = parsed.body_html
        article.source_line = parsed.source_line
        # The date line is the publication date, kept on drafts too: it is the day
        # the article speaks of, for positions held and for the archive's order.
        article.published_at = timezone.make_aware(datetime.combine(parsed.day, time.min))
        if section is not None:
            article.section = section
        if publish:
            article.status = ArticleStatus.PUBLISHED
        if not created:
            article.version += 1
        try:
            # Unique fields are settled already (found by import_key; save() picks a free
            # slug) and the database enforces the check constraint: skip those queries.
            article.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
            )
            raise ArticleFormatError(f"Bài không hợp lệ: {messages}", parsed.title_line) from None
        article.save()
        if article.status != old_status:
            ArticleTransition.objects.create(
                article=article,
                from_status=old_status,
                to_status=article.status,
                note=f"Nhập từ lưu trữ: {source_name}"[:500] if source_name else "Nhập từ lưu trữ",
            )
        _sync_bylines(article, parsed, author_cache, created)
        photos = _sync_captions(article, parsed, created)
        links = None
        if detect:
            links = linking.article_detect_mentions(article=article, photos=photos, fresh=created)
    return ImportOutcome(article=article, created=created, links=links)


def _sync_bylines(article: Article, parsed: ParsedArticle, cache, created: bool):
    wanted = []
    seen = set()
    authors = _authors([byline.name for byline in parsed.bylines], cache)
    for order, (byline, author) in enumerate(zip(parsed.bylines, authors, strict=True)):
        if (author.pk, byline.role) not in seen:
            seen.add((author.pk, byline.role))
            wanted.append(Byline(article=article, author=author, role=byline.role, order=order))
    if not created:
        current = list(article.bylines.values_list("author_id", "role", "order"))
        if current == [(b.author_id, b.role, b.order) for b in wanted]:
            return
        article.bylines.all().delete()
    Byline.objects.bulk_create(wanted)


def _sync_captions(article: Article, parsed: ParsedArticle, created: bool) -> list[ArticlePhoto]:
    """Captions become ArticlePhotos awaiting an image; on re-import the same slots are reused.

    Returns the article's captions in order."""
    existing = [] if created else list(article.article_photos.order_by("order", "pk"))
    new = []
    for order, caption in enumerate(parsed.captions):
        if order < len(existing):
            photo = existing[order]
            if (photo.caption, photo.credit, photo.order) != (caption.text, caption.credit, order):
                photo.caption, photo.credit, photo.order = caption.text, caption.credit, order
                photo.save(update_fields=["caption", "credit", "order"])
        else:
            new.append(
                ArticlePhoto(
                    article=article, caption=caption.text, credit=caption.credit, order=order
                )
            )
    if new:
        ArticlePhoto.objects.bulk_create(new)
    # Slots the file no longer has go, unless an editor has put an image in them.
    extra = [photo.pk for photo in existing[len(parsed.captions) :] if photo.photo_id is None]
    if extra:
        ArticlePhoto.objects.filter(pk__in=extra).delete()
    if created:
        return new
    return list(article.article_photos.order_by("order", "pk"))


# ---------------------------------------------------------------------------
# Finding files


@dataclass
class FileProblem:
    path: Path
    message: str
    line: int = 0

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


def collect_files(paths: list[str]) -> tuple[list[Path], list[FileProblem]]:
    """The article files under ``paths`` (files, or folders searched for *.txt).

    Symbolic links are resolved, and a file or folder whose real place is outside
    the folder it was found in is skipped: an archive cannot make us read /etc.
    """
    found: dict[Path, None] = {}
    problems: list[FileProblem] = []
    for given in paths:
        root = Path(given)
        if not root.exists():
            problems.append(FileProblem(root, "Không tìm thấy tệp hoặc thư mục."))
            continue
        real_root = root.resolve()
        if real_root.is_file():
            found.setdefault(real_root, None)
            continue
        if not real_root.is_dir():
            problems.append(FileProblem(root, "Không phải tệp thường hay thư mục."))
            continue
        visited: set[Path] = set()
        for directory, subdirs, files in os.walk(real_root, followlinks=True):
            current = Path(directory)
            real_current = current.resolve()
            if not real_current.is_relative_to(real_root):
                problems.append(FileProblem(current, "Bỏ qua: liên kết trỏ ra ngoài thư mục nhập."))
                subdirs[:] = []
                continue
            if real_current in visited:
                subdirs[:] = []
                continue
            visited.add(real_current)
            subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not name.lower().endswith(".txt"):
                    continue
                candidate = current / name
                real = candidate.resolve()
                if not real.is_relative_to(real_root):
                    problems.append(
                        FileProblem(candidate, "Bỏ qua: liên kết trỏ ra ngoài thư mục nhập.")
                    )
                    continue
                if real.is_file():
                    found.setdefault(real, None)
    return list(found), problems
