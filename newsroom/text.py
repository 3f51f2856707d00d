"""Vietnamese text helpers: normalization, folding, slugs, names and date lines.

One module for the whole project: search folds both sides with ``fold``; entity
detection keeps tone marks and uses ``normalize``; URLs use ``slugify``.
"""

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
# A tone written on the second vowel of an open "oa", "oe" or "uy" syllable ("hoà",
# "thuỷ") is moved onto the first ("hòa", "thủy"), the placement this paper prints.
# "qu" is a consonant, so "quý" keeps its mark; closed syllables ("hoàn") are left alone,
# and so is a vowel with a second mark ("hoặc" is o + a + dot below + breve in NFD).
_AFTER = r"(?![^\W\d_]|[\u0300-\u036f])"
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}]){_AFTER}|(?<![qQ])([uU])([yY])([{_TONES}]){_AFTER}"
)
_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _move_tone(match: re.Match) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def normalize(text: str) -> str:
    """NFC, one tone placement ("Tỉnh uỷ" → "Tỉnh ủy") and single spaces; keeps marks and case."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_STYLE.sub(_move_tone, decomposed)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", decomposed)).strip()


def fold(text: str) -> str:
    """Lower case without diacritics, đ→d, single spaces: "Đảng ủy KHỐI" → "dang uy khoi"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped).translate(_D_TABLE)
    return _SPACES.sub(" ", stripped.casefold()).strip()


@lru_cache(maxsize=8192)
def fold_label(text: str) -> str:
    """``fold`` remembered, for the short labels the public pages fold on every request to
    rank and compare them (titles, names, a body's label): ~10 µs each otherwise."""
    return fold(text)


def slugify(text: str, max_length: int = 200) -> str:
    """ASCII slug that keeps đ as d: "Đảng ủy Khối" → "dang-uy-khoi" (Django's drops đ)."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-":  # the cut falls inside a word: drop that word
            cut = cut.rsplit("-", 1)[0] or cut
        slug = cut.rstrip("-")
    return slug


def name_case(text: str) -> str:
    """Capitalize each syllable of a Vietnamese name: "NGỌC HIẾU" → "Ngọc Hiếu"."""
    words = normalize(text).split(" ")
    return " ".join(word[:1].upper() + word[1:].lower() for word in words if word)


def date_line(value: date | datetime, with_time: bool = False, tz=None) -> str:
    """The paper's date line: "Thứ ba, 02/03/2021", or "Thứ ba, 02/03/2021 08:15". An aware
    moment is shown in ``tz``, by default the current time zone."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(tz or timezone.get_current_timezone())
        line = f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"
        return f"{line} {value:%H:%M}" if with_time else line
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"


_DATE_LINE = re.compile(
    r"^\s*(thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật)\s*,?\s*"
    r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> date | None:
    """Read "Thứ ba,  02/03/2021" (any spacing, no-break spaces) into a date, or None.

    Raises ValueError when the line has the shape of a date line but names an
    impossible date ("31/02/2021").
    """
    match = _DATE_LINE.match(normalize(line.replace("\u00a0", " ")))
    if not match:
        return None
    day, month, year = (int(part) for part in match.group(2, 3, 4))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày không tồn tại: {day:02d}/{month:02d}/{year}.") from None
