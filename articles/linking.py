"""Finding the people and organizations an article names.

One module, used by the archive importer and by the admin action "Phát hiện nhân
vật, tổ chức". ``detect()`` is pure (it reads a cached directory of names, never
the database); ``article_detect_mentions()`` runs it on an article and stores the
links unconfirmed, for an editor to confirm or reject.

How it matches:

- Every known name (people's full names and aliases; organizations' names, short
  names, abbreviations, aliases and the variants the paper prints — "Đảng bộ" for
  "Đảng ủy", "Đảng ủy KCCQ tỉnh" for "Đảng ủy Khối các cơ quan tỉnh"), every
  position title and every place name read from organization names goes into one
  Aho–Corasick automaton. Keys are ``normalize()``-d and lower-cased: tone marks
  stay, so "Nghiệm" and "Nghiêm" are different keys.
- The text gets the same treatment with offsets kept, one automaton pass yields
  every candidate, candidates not on word boundaries are dropped and the longest
  wins where they overlap. Place names compete too, so the person "Lộc" is never
  found inside "Cao Lộc" or "Lộc Bình".
- A title followed by an organization ("Phó Bí thư Thường trực" + "Tỉnh ủy") is
  one span. Printed after a name (", …, …") it cites that person's positions;
  alone it names whoever held that position on the article's date.
- "Khối các cơ quan (KCCQ) tỉnh" introduces an abbreviation: the parenthesis is
  read away, and the article's other contracted forms ("Đảng ủy KCCQ tỉnh") map
  to the same organization.

The directory is built once per process and rebuilt when a person, position or
organization changes: signals (``ArticlesConfig.ready``) bump a generation
number kept in the cache, which every process compares before use.
"""

from __future__ import annotations

import gc
import html
import re
import threading
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import ahocorasick
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from newsroom.text import fold, normalize
from organizations.models import Organization
from people.models import Person, Position

from .models import (
    Article,
    ArticlePhoto,
    MentionField,
    MentionOrigin,
    MentionProposal,
    OrganizationMention,
    PersonMention,
    ProposalStatus,
)

# ---------------------------------------------------------------------------
# Keys and text preparation


# The NFC shapes of the old tone placement that ``normalize()`` moves ("hoà", "uỷ"):
# only spans matching this are handed to it, so the rest of the text keeps its offsets.
_OLD_TONE = re.compile(r"(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?<![qQ]..)(?![^\W\d_])")


def match_key(text: str) -> str:
    """How a name is looked up: ``normalize()`` then lower case; tone marks stay."""
    collapsed = " ".join(text.split())
    if unicodedata.is_normalized("NFC", collapsed) and not _OLD_TONE.search(collapsed):
        # What normalize() returns for such text, without its NFD round trip.
        return collapsed.lower()
    return normalize(text).lower()


_UNTIDY = re.compile(r"[^\S\n]{2,}|[^\S \n]|^ | $", re.M)


def match_keys(texts: list[str]) -> list[str]:
    """``match_key`` of many one-line names at once: the directory build keys some 30,000.

    The names are checked as one text; only those that are not already NFC, single-spaced
    and in the usual tone placement go through ``match_key`` one by one.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    keys = joined.lower().split("\n")
    if len(keys) != len(texts):  # a name had a line break in it
        return [match_key(text) for text in texts]
    untidy: set[int] = set()
    if (
        "  " in joined
        or "\n " in joined
        or " \n" in joined
        or joined[0] == " "
        or joined[-1] == " "
        or _ODD_SPACE_RE.search(joined)
    ):
        untidy.update(joined.count("\n", 0, m.start()) for m in _UNTIDY.finditer(joined))
    untidy.update(joined.count("\n", 0, m.start()) for m in _OLD_TONE.finditer(joined))
    if not unicodedata.is_normalized("NFC", joined):
        untidy.update(
            i for i, text in enumerate(texts) if not unicodedata.is_normalized("NFC", text)
        )
    for index in untidy:
        keys[index] = match_key(texts[index])
    return keys


_COMBINING_CLUSTER = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+", re.S)
_ODD_SPACES = "\t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")
# "Khối các cơ quan (KCCQ) tỉnh": an upper-case abbreviation in parentheses.
_ABBREVIATION_INTRO = re.compile(r" ?\((?P<abbr>[A-ZĐ][A-ZĐ0-9&\-]{1,11})\)")
_WORD = re.compile(r"[^\W_]+")


class _Prepared:
    """A field's text made ready for matching, and the way back to its offsets.

    ``cased`` is the text in NFC with one tone placement and single spaces, with
    abbreviation introductions read away; ``key`` is ``cased`` in lower case (same
    length). ``span()`` turns key offsets into offsets of the original text.
    """

    __slots__ = ("original", "cased", "key", "_k", "_t", "_te", "_exact", "_ms", "_me", "abbrevs")

    def __init__(self, original: str):
        self.original = original
        text = original
        self._ms = self._me = None
        if not unicodedata.is_normalized("NFC", text):
            text = self._compose(text)
        if _OLD_TONE.search(text):
            text = _OLD_TONE.sub(lambda m: normalize(m.group()), text)
        if _ODD_SPACE_RE.search(text):
            text = _ODD_SPACE_RE.sub(" ", text)
        self.abbrevs: list[tuple[str, str]] = []
        edits = [(m.start(), m.end(), " ") for m in _SPACE_RUN.finditer(text)]
        for match in _ABBREVIATION_INTRO.finditer(text):
            expansion = _expansion(text[: match.start()], match.group("abbr"))
            if expansion:
                self.abbrevs.append((match.group("abbr"), expansion))
                edits.append((match.start(), match.end(), ""))
        self._apply(text, sorted(edits))
        key = self.cased.lower()
        if len(key) != len(self.cased):  # a letter whose lower case is longer; not Vietnamese
            key = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.cased)
        self.key = key

    def _compose(self, text: str) -> str:
        """NFC a decomposed text cluster by cluster, remembering where each character came from."""
        starts, ends, parts, position = [], [], [], 0
        for match in _COMBINING_CLUSTER.finditer(text):
            for index in range(position, match.start()):
                starts.append(index)
                ends.append(index + 1)
            composed = unicodedata.normalize("NFC", match.group())
            starts.extend([match.start()] * len(composed))
            ends.extend([match.end()] * len(composed))
            parts.append(text[position : match.start()])
            parts.append(composed)
            position = match.end()
        for index in range(position, len(text)):
            starts.append(index)
            ends.append(index + 1)
        parts.append(text[position:])
        self._ms, self._me = starts, ends
        return "".join(parts)

    def _apply(self, text: str, edits: list[tuple[int, int, str]]):
        self._k, self._t, self._te, self._exact = [0], [0], [len(text)], [True]
        if not edits:
            self.cased = text
            return
        self._k, self._t, self._te, self._exact = [], [], [], []
        parts, position, out = [], 0, 0
        for start, end, replacement in edits:
            if start < position:
                continue
            if start > position:
                self._k.append(out)
                self._t.append(position)
                self._te.append(start)
                self._exact.append(True)
                parts.append(text[position:start])
                out += start - position
            self._k.append(out)
            self._t.append(start)
            self._te.append(end)
            self._exact.append(False)
            parts.append(replacement)
            out += len(replacement)
            position = end
        self._k.append(out)
        self._t.append(position)
        self._te.append(len(text))
        self._exact.append(True)
        parts.append(text[position:])
        self.cased = "".join(parts)

    def _to_text(self, offset: int, end: bool) -> int:
        index = bisect_right(self._k, offset) - 1
        if self._exact[index]:
            return self._t[index] + offset - self._k[index] + (1 if end else 0)
        return self._te[index] if end else self._t[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the key span [start, end)."""
        first, last = self._to_text(start, False), self._to_text(end - 1, True)
        if self._ms is not None:
            first, last = self._ms[first], self._me[last - 1]
        return first, last


def _initial(word: str) -> str:
    return fold(word[:1])


def _expansion(before: str, abbreviation: str) -> str:
    """The words just before "(KCCQ)" that it abbreviates ("Khối các cơ quan"), or ""."""
    letters = [("v" if ch == "&" else fold(ch)) for ch in abbreviation if ch != "-"]
    words = _WORD.findall(before[-200:])
    if len(words) < len(letters):
        return ""
    tail = words[-len(letters) :]
    if [_initial(word) for word in tail] != letters:
        return ""
    return " ".join(tail)


# ---------------------------------------------------------------------------
# The directory


# What a key stands for, packed with its length into the automaton's value, so that
# a match needs a dictionary lookup only when it names people or organizations.
_LENGTH = 0xFFFF
_IS_PERSON, _IS_ORG, _IS_TITLE, _IS_PLACE = 1 << 16, 1 << 17, 1 << 18, 1 << 19


class _Position(NamedTuple):
    id: int
    person_id: int
    organization_id: int
    title: str  # match key of the title
    started_on: date | None
    ended_on: date | None
    order: int

    def held_on(self, day: date) -> bool:
        """Same rule as ``PositionQuerySet.held_on``: an open start or end counts as held."""
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )


@contextmanager
def _gc_paused():
    """The build makes ~100,000 small objects; collecting garbage halfway only slows it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Words that name the kind of a party committee or council before a place:
# "Huyện ủy Cao Lộc", "Đảng bộ thị trấn Đồng Đăng", "UBND tỉnh Lạng Sơn".
_LOCALITY_WORDS = (
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thị trấn",
    "thành phố",
    "tp",
    "tp.",
    "thị xã",
    "thôn",
)
_COMMITTEE_WORDS = ("tỉnh ủy", "huyện ủy", "thành ủy", "thị ủy", "đảng ủy", "đảng bộ", "ubnd",
                    "hđnd", "ủy ban nhân dân", "hội đồng nhân dân", "mttq")  # fmt: skip
# The paper prints a party committee and its party organization interchangeably.
_PARTY_VARIANTS = (
    ("đảng ủy ", "đảng bộ "),
    ("tỉnh ủy ", "đảng bộ tỉnh "),
    ("huyện ủy ", "đảng bộ huyện "),
    ("thành ủy ", "đảng bộ thành phố "),
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


_LOCALITY_SINGLE = frozenset(word for word in _LOCALITY_WORDS + _COMMITTEE_WORDS if " " not in word)
_LOCALITY_PAIRS = frozenset(word for word in _LOCALITY_WORDS + _COMMITTEE_WORDS if " " in word)


def _locality(name: str) -> str:
    """ "Huyện ủy Cao Lộc" → "Cao Lộc": the capitalized words closing an organization's name,
    after a word for a kind of place or committee ("huyện", "thị trấn", "Huyện ủy")."""
    words = name.split(" ")
    index = len(words)
    while index > 1 and words[index - 1][:1].isupper() and words[index - 1].isalpha():
        index -= 1
    if len(words) - index < 2:
        return ""
    before = words[index - 1].lower()
    pair = f"{words[index - 2].lower()} {before}" if index >= 2 else ""
    # "Huyện ủy" is a pair whose second word is lower case; the loop stopped on "ủy".
    if before in _LOCALITY_SINGLE or pair in _LOCALITY_PAIRS:
        return " ".join(words[index:])
    return ""


_VARIANT_STARTS = tuple({prefix for pair in _PARTY_VARIANTS for prefix in pair})


def _org_variants(key: str, abbreviation: str) -> list[str]:
    """Forms of an organization's name the paper also prints."""
    if not (abbreviation or key.startswith(_VARIANT_STARTS) or key.endswith(" tỉnh")):
        return []
    forms = {key}
    for full, other in _PARTY_VARIANTS:
        for a, b in ((full, other), (other, full)):
            for form in list(forms):
                if form.startswith(a):
                    forms.add(b + form[len(a) :])
    if abbreviation:
        short = abbreviation.lower()
        letters = [("v" if ch == "&" else fold(ch)) for ch in abbreviation if ch not in "- "]
        for form in list(forms) if len(letters) >= 2 else ():
            words = form.split(" ")
            for start in range(len(words) - len(letters) + 1):
                window = words[start : start + len(letters)]
                if [_initial(word) for word in window] == letters:
                    forms.add(" ".join(words[:start] + [short] + words[start + len(letters) :]))
                    break
    for form in list(forms):
        # A provincial paper drops "tỉnh" from long names: "Đảng ủy Khối các cơ quan".
        if form.endswith(" tỉnh") and form.count(" ") >= 4:
            forms.add(form[: -len(" tỉnh")])
    forms.discard(key)
    return sorted(forms)


class Directory:
    """Every name the detector knows, compiled into one automaton."""

    def __init__(self, people, organizations, positions):
        """``people``: (id, full_name, aliases); ``organizations``: (id, name, short_name,
        abbreviation, aliases, founded_on, dissolved_on, path); ``positions``: (id,
        person_id, organization_id, title, started_on, ended_on, order)."""
        with _gc_paused():
            self._build(list(people), list(organizations), list(positions))

    def _build(self, people, organizations, positions):
        people = list(people)
        organizations = list(organizations)
        positions = list(positions)
        people_of: dict[str, list[int]] = defaultdict(list)
        self.person_names: dict[int, str] = {row[0]: row[1] for row in people}
        name_keys = match_keys([row[1] for row in people])
        alias_rows = [(row[0], alias) for row in people if row[2] for alias in _lines(row[2])]
        alias_keys = match_keys([alias for _, alias in alias_rows])
        for row, key in zip(people, name_keys, strict=True):
            people_of[key].append(row[0])
        for (person_id, _), key in zip(alias_rows, alias_keys, strict=True):
            people_of[key].append(person_id)

        self.org_names: dict[int, str] = {}
        self.org_dates: dict[int, tuple[date | None, date | None]] = {}
        self.org_paths: dict[int, str] = {}
        surfaces: list[tuple[int, str, bool, str]] = []  # org, surface, derive variants, abbr
        for org_id, name, short, abbreviation, aliases, founded, dissolved, path in organizations:
            self.org_names[org_id] = name
            self.org_dates[org_id] = (founded, dissolved)
            self.org_paths[org_id] = path or ""
            for surface in (name, short, *_lines(aliases)):
                if surface:
                    surfaces.append((org_id, surface, True, abbreviation))
            if abbreviation:
                surfaces.append((org_id, abbreviation, False, ""))
        surface_keys = match_keys([surface for _, surface, _, _ in surfaces])
        orgs_of: dict[str, list[int]] = defaultdict(list)
        derived: list[tuple[str, int]] = []
        places: set[str] = set()
        for (org_id, surface, derive, abbreviation), key in zip(
            surfaces, surface_keys, strict=True
        ):
            if org_id not in orgs_of[key]:
                orgs_of[key].append(org_id)
            if derive:
                derived.extend((variant, org_id) for variant in _org_variants(key, abbreviation))
                place = _locality(" ".join(surface.split()))
                if place:
                    places.add(match_key(place))
        explicit = set(orgs_of)
        for key, org_id in derived:
            # A variant never takes a name another organization has for its own.
            if key not in explicit and org_id not in orgs_of[key]:
                orgs_of[key].append(org_id)

        self.positions_by_person: dict[int, list[_Position]] = defaultdict(list)
        self.positions_by_title: dict[tuple[str, int], list[_Position]] = defaultdict(list)
        title_keys: dict[str, str] = {}  # a few hundred titles for thousands of positions
        for pos_id, person_id, org_id, title, started, ended, order in positions:
            key = title_keys.get(title)
            if key is None:
                key = title_keys[title] = match_key(title)
            position = _Position(pos_id, person_id, org_id, key, started, ended, order)
            self.positions_by_person[person_id].append(position)
            self.positions_by_title[(key, org_id)].append(position)
        titles = set(title_keys.values())

        # The automaton gives each match's length; what the key stands for is looked up
        # by the matched words only when they match (see entry()).
        self.people_of, self.orgs_of, self.titles, self.places = people_of, orgs_of, titles, places
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.size = 0
        for key in people_of.keys() | orgs_of.keys() | titles | places:
            if 2 <= len(key) <= _LENGTH:
                value = len(key)
                if key in people_of:
                    value |= _IS_PERSON
                if key in orgs_of:
                    value |= _IS_ORG
                if key in titles:
                    value |= _IS_TITLE
                if key in places:
                    value |= _IS_PLACE
                automaton.add_word(key, value)
                self.size += 1
        if self.size:
            automaton.make_automaton()
        self.automaton = automaton
        self._local_keys: dict[tuple[str, str], list[tuple[str, tuple[int, ...]]]] = {}

    def given_name(self, person_id: int) -> str:
        return match_key(self.person_names.get(person_id, "")).rsplit(" ", 1)[-1]

    def __len__(self):
        return self.size

    def local_keys(self, abbreviation: str, expansion: str) -> list[tuple[str, tuple[int, ...]]]:
        """Keys an article's own abbreviation makes: "đảng ủy kccq tỉnh" from "(KCCQ)"."""
        cache_key = (abbreviation, expansion.lower())
        found = self._local_keys.get(cache_key)
        if found is None:
            needle, short = f" {expansion.lower()} ", abbreviation.lower()
            made: dict[str, set[int]] = defaultdict(set)
            for key, org_ids in self.orgs_of.items():
                padded = f" {key} "
                if needle in padded:
                    made[padded.replace(needle, f" {short} ").strip()].update(org_ids)
                    made[short].update(org_ids)
            found = [(key, tuple(sorted(ids))) for key, ids in made.items()]
            self._local_keys[cache_key] = found
        return found


def load_directory() -> Directory:
    """Read people, positions and organizations from the database and compile them."""
    people = Person.objects.values_list("id", "full_name", "aliases")
    organizations = Organization.objects.values_list(
        "id",
        "name",
        "short_name",
        "abbreviation",
        "aliases",
        "founded_on",
        "dissolved_on",
        "path",
    )
    positions = Position.objects.values_list(
        "id", "person_id", "organization_id", "title", "started_on", "ended_on", "order"
    )
    return Directory(people.iterator(), organizations.iterator(), positions.iterator())


_GENERATION_KEY = "articles:linking:generation"
_lock = threading.Lock()
_cached: tuple[object, Directory] | None = None
_local_generation = 0


def _generation() -> tuple[int, object]:
    return (_local_generation, cache.get(_GENERATION_KEY, 0))


def get_directory() -> Directory:
    """The compiled directory, rebuilt only after people or organizations changed."""
    global _cached
    generation = _generation()
    cached = _cached
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == generation:
            return _cached[1]
        directory = load_directory()
        _cached = (generation, directory)
        return directory


def _bump_shared():
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


def invalidate_directory(**kwargs):
    """Signal receiver: people, positions or organizations changed; rebuild before next use."""
    global _local_generation
    _local_generation += 1
    _bump_shared()
    if transaction.get_connection().in_atomic_block:
        # Another process may rebuild before this transaction commits and miss the
        # change: bump the shared number again once it is visible to them.
        transaction.on_commit(_bump_shared)


# ---------------------------------------------------------------------------
# Detection


class Span:
    """Where a mention was read: the field, offsets in its original text, the words.

    Offsets are worked out when first asked for: most candidates name someone
    already found, and their spans are never needed.
    """

    __slots__ = ("field", "_prepared", "_key_start", "_key_end", "_offsets")

    def __init__(self, field: str, prepared: _Prepared, key_start: int, key_end: int):
        self.field = field
        self._prepared, self._key_start, self._key_end = prepared, key_start, key_end
        self._offsets = None

    def _resolve(self) -> tuple[int, int]:
        if self._offsets is None:
            self._offsets = self._prepared.span(self._key_start, self._key_end)
        return self._offsets

    @property
    def start(self) -> int:
        return self._resolve()[0]

    @property
    def end(self) -> int:
        return self._resolve()[1]

    @property
    def text(self) -> str:
        start, end = self._resolve()
        return self._prepared.original[start:end]

    def __repr__(self):
        return f"Span({self.field!r}, {self.start}, {self.end}, {self.text!r})"


@dataclass
class PersonFound:
    person_id: int
    span: Span
    position_ids: set[int] = field(default_factory=set)


@dataclass
class OrganizationFound:
    organization_id: int
    span: Span


@dataclass
class ProposalFound:
    full_name: str
    title: str
    organization_text: str
    organization_id: int | None
    person_id: int | None
    span: Span


@dataclass
class Detection:
    people: dict[int, PersonFound] = field(default_factory=dict)
    organizations: dict[int, OrganizationFound] = field(default_factory=dict)
    captions: list[set[int]] = field(default_factory=list)
    proposals: list[ProposalFound] = field(default_factory=list)


_PERSON, _ORG, _TITLE_ORG, _PLACE = range(4)

# Words after which a run of capitalized words is a place or an institution, not
# a person: "huyện Lộc Bình", "Đội Thiếu niên Tiền phong Hồ Chí Minh".
_PLACE_WORDS = frozenset(
    "tỉnh huyện xã phường thôn bản khu đường phố tp tp. sông núi trường làng".split()
)
_PLACE_WORD_PAIRS = frozenset(
    ["thị trấn", "thị xã", "thành phố", "cửa khẩu", "tiền phong", "cộng sản", "quốc gia",
     "bệnh viện"]
)  # fmt: skip
_CHAIN_GAP = re.compile(r"\s*(?:,|;|,?\s*kiêm)\s*")
_BEFORE_NAME_GAP = re.compile(r"\s*,?\s*(?:đồng chí\s+)?")
_ADDRESS_WORDS = ("đồng chí ", "ông ", "bà ")
_CAP_WORD = re.compile(r"[^\W\d_]+")
# Titles a new official's position may start with, for proposals of people not yet known.
_TITLE_STARTS = (
    "Tổng Bí thư", "Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư", "Thủ tướng",
    "Phó Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Trưởng ban", "Phó Trưởng ban", "Trưởng Ban",
    "Phó Trưởng Ban", "Giám đốc", "Phó Giám đốc", "Chánh", "Phó Chánh", "Chủ nhiệm",
    "Phó Chủ nhiệm", "Ủy viên", "Tỉnh ủy viên", "Huyện ủy viên", "Trưởng đoàn", "Phó Trưởng đoàn",
    "Chỉ huy trưởng", "Tư lệnh", "Hiệu trưởng", "Tổng Giám đốc", "Trưởng phòng", "Phó Trưởng phòng",
    "Đại biểu Quốc hội", "Trưởng",
)  # fmt: skip
_TITLE_STARTS_KEYS = sorted((title.lower() for title in _TITLE_STARTS), key=len, reverse=True)
# Where the name of an organization the directory lacks ends, after a new person's title.
_ORG_TEXT_ENDS = (",", ".", ";", ":", "(", "\n", " phát biểu", " trao", " chủ trì", " tặng",
                  " cho biết", " chia sẻ", " nhấn mạnh", " yêu cầu", " đề nghị", " thăm", " dự ",
                  " báo cáo", " khẳng định", " chúc mừng", " kiểm tra", " làm việc",
                  " cùng ")  # fmt: skip


class _Candidate:
    __slots__ = ("start", "end", "kind", "people", "organizations", "alternatives", "title_end",
                 "former")  # fmt: skip

    def __init__(self, start, end, kind, people=(), organizations=()):
        self.start, self.end, self.kind = start, end, kind
        self.people, self.organizations = people, organizations
        self.alternatives: list[tuple[str, Sequence[int]]] = []
        self.title_end = end
        self.former = False


def _word_before(key: str, start: int, word: str) -> bool:
    """Is ``word`` the word just before ``start``?"""
    begin = start - len(word) - 1
    return (
        begin >= 0
        and key.startswith(word, begin)
        and key[start - 1] == " "
        and (begin == 0 or not key[begin - 1].isalnum())
    )


def _candidates(prepared: _Prepared, directory: Directory, local_keys) -> list[_Candidate]:
    """Every known key found on word boundaries, and title + organization pairs."""
    key, n = prepared.key, len(prepared.key)
    people_of, orgs_of = directory.people_of, directory.orgs_of
    found: list[_Candidate] = []
    titles: list[tuple[int, int]] = []
    organizations_at: dict[int, list[_Candidate]] = {}
    if directory.size:
        for last, value in directory.automaton.iter(key):
            end = last + 1
            start = end - (value & _LENGTH)
            if (start and key[start - 1].isalnum()) or (end < n and key[end].isalnum()):
                continue
            if value & _IS_TITLE:
                titles.append((start, end))
            if value & _IS_PERSON:
                found.append(_Candidate(start, end, _PERSON, people=people_of[key[start:end]]))
                # A key both a person and a place ("Hồ Chí Minh") is read as the person
                # unless the words before it make it a place; see _ArticleDetector.run.
            elif value & _IS_ORG:
                candidate = _Candidate(start, end, _ORG, organizations=orgs_of[key[start:end]])
                found.append(candidate)
                organizations_at.setdefault(start, []).append(candidate)
            elif value & _IS_PLACE:
                found.append(_Candidate(start, end, _PLACE))
    for local_key, org_ids in local_keys:
        position = key.find(local_key)
        while position != -1:
            end = position + len(local_key)
            if not (position and key[position - 1].isalnum()) and not (
                end < n and key[end].isalnum()
            ):
                candidate = _Candidate(position, end, _ORG, organizations=org_ids)
                found.append(candidate)
                organizations_at.setdefault(position, []).append(candidate)
            position = key.find(local_key, position + 1)
    for start, end in titles:
        # "Phó Bí thư Thường trực" + " " + "Tỉnh ủy" is one span. ("Phó Giám đốc" is
        # not "Giám đốc": a deputy title the directory lacks makes no span at all.)
        organizations = organizations_at.get(end + 1)
        if not organizations or key[end] != " " or _word_before(key, start, "phó"):
            continue
        for organization in organizations:
            candidate = _Candidate(start, organization.end, _TITLE_ORG)
            candidate.alternatives.append((key[start:end], organization.organizations))
            candidate.title_end = end
            candidate.former = _word_before(key, start, "nguyên")
            found.append(candidate)
    return found


def _select(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Longest first; a shorter candidate overlapping a chosen one is dropped."""
    chosen: dict[tuple[int, int], _Candidate] = {}
    taken = bytearray(length + 1)
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.kind)):
        span = (candidate.start, candidate.end)
        if span in chosen:
            same = chosen[span]
            if same.kind == _TITLE_ORG and candidate.kind == _TITLE_ORG:
                same.alternatives.extend(candidate.alternatives)
            continue
        if taken.find(1, candidate.start, candidate.end) != -1:
            continue
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        chosen[span] = candidate
    return sorted(chosen.values(), key=lambda c: c.start)


def _after_place_word(key: str, start: int) -> bool:
    """Is the word (or two) just before ``start`` "huyện", "thành phố", "tiền phong"…?"""
    if start < 2 or key[start - 1] != " ":
        return False
    words = key[max(0, start - 24) : start - 1].rsplit(" ", 2)
    if words[-1] in _PLACE_WORDS:
        return True
    return len(words) >= 2 and f"{words[-2]} {words[-1]}" in _PLACE_WORD_PAIRS


def _addressed(key: str):
    """Offsets just after each "đồng chí ", "ông ", "bà " (word-bounded) in ``key``."""
    for word in _ADDRESS_WORDS:
        position = key.find(word)
        while position != -1:
            if position == 0 or not key[position - 1].isalnum():
                yield word, position + len(word)
            position = key.find(word, position + 1)


def _capitalized_runs(cased: str, start: int) -> int:
    """End of the run of capitalized words starting at ``start`` (``start`` if none)."""
    end = position = start
    while True:
        match = _CAP_WORD.match(cased, position)
        if match is None or not match.group()[0].isupper():
            return end
        end = match.end()
        if cased[end : end + 1] != " ":
            return end
        position = end + 1


class _ArticleDetector:
    def __init__(self, directory: Directory, day: date):
        self.directory = directory
        self.day = day
        self.result = Detection()
        self.pending_orgs: list[tuple[tuple[int, ...], Span]] = []

    # -- helpers ---------------------------------------------------------
    def _span(self, prepared: _Prepared, field_name: str, start: int, end: int) -> Span:
        return Span(field_name, prepared, start, end)

    def _active(self, org_ids: tuple[int, ...]) -> list[int]:
        active = []
        for org_id in org_ids:
            founded, dissolved = self.directory.org_dates.get(org_id, (None, None))
            if (founded is None or founded <= self.day) and (
                dissolved is None or dissolved >= self.day
            ):
                active.append(org_id)
        return active or list(org_ids)

    def _add_person(self, person_id: int, span: Span, positions=()):
        found = self.result.people.get(person_id)
        if found is None:
            found = self.result.people[person_id] = PersonFound(person_id, span)
        found.position_ids.update(positions)
        return found

    def _add_org(self, org_id: int, span: Span):
        if org_id not in self.result.organizations:
            self.result.organizations[org_id] = OrganizationFound(org_id, span)

    def _add_orgs(self, org_ids: tuple[int, ...], span: Span):
        active = self._active(org_ids)
        if len(active) == 1:
            self._add_org(active[0], span)
        else:
            self.pending_orgs.append((tuple(active), span))

    def _person_positions(self, person_id: int, alternatives) -> list[_Position]:
        """The positions of ``person_id`` a printed title names, those held on the day first."""
        matches = [
            position
            for position in self.directory.positions_by_person.get(person_id, ())
            for title, org_ids in alternatives
            if position.title == title and position.organization_id in org_ids
        ]
        held = [position for position in matches if position.held_on(self.day)]
        return held or matches

    def _holders(self, alternatives) -> list[_Position]:
        """Who held a printed title ("Phó Bí thư Thường trực" of "Tỉnh ủy") on the day."""
        held = []
        for title, org_ids in alternatives:
            for org_id in org_ids:
                for position in self.directory.positions_by_title.get((title, org_id), ()):
                    if position.held_on(self.day):
                        held.append(position)
        return held

    # -- one field -------------------------------------------------------
    def run(self, field_name: str, prepared: _Prepared, local_keys) -> set[int]:
        """Detect in one field; returns the people it names (for captions)."""
        key, cased = prepared.key, prepared.cased
        chosen = _select(_candidates(prepared, self.directory, local_keys), len(key))
        people_here: set[int] = set()
        attached: set[int] = set()  # indexes of title spans that belong to a printed name
        proposals_at: dict[int, tuple[int, int]] = self._proposal_names(prepared, chosen)

        for index, candidate in enumerate(chosen):
            if candidate.kind != _PERSON:
                continue
            previous = chosen[index - 1] if index else None
            title_before = (
                previous is not None
                and previous.kind == _TITLE_ORG
                and index - 1 not in attached
                and _BEFORE_NAME_GAP.fullmatch(key, previous.end, candidate.start)
            )
            if not title_before and not self._reads_as_person(cased, key, candidate):
                candidate.kind = _PLACE
                continue
            people = candidate.people
            # Titles printed before ("Chủ tịch UBND huyện Vi Văn Thăng") and after
            # ("Nông Thị Hạnh, Phó Bí thư …, Chủ tịch HĐND tỉnh") the name.
            titles = [index - 1] if title_before else []
            following = index + 1
            end = candidate.end
            while following < len(chosen):
                nxt = chosen[following]
                if nxt.kind != _TITLE_ORG or not _CHAIN_GAP.fullmatch(key, end, nxt.start):
                    break
                titles.append(following)
                end = nxt.end
                following += 1
            if len(people) > 1:
                people = self._disambiguate(people, [chosen[i] for i in titles])
            if len(people) != 1:
                continue
            person_id = people[0]
            span = self._span(prepared, field_name, candidate.start, candidate.end)
            positions = []
            for title_index in titles:
                attached.add(title_index)
                title = chosen[title_index]
                matched = self._person_positions(person_id, title.alternatives)
                if matched:
                    positions.append(matched[0].id)
                    self._add_org(
                        matched[0].organization_id,
                        self._span(prepared, field_name, title.title_end + 1, title.end),
                    )
                else:
                    self._title_orgs(prepared, field_name, title)
                    self._propose(prepared, field_name, title, person_id=person_id)
            self._add_person(person_id, span, positions)
            people_here.add(person_id)

        for index, candidate in enumerate(chosen):
            if candidate.kind == _ORG:
                span = self._span(prepared, field_name, candidate.start, candidate.end)
                self._add_orgs(candidate.organizations, span)
            elif candidate.kind == _TITLE_ORG and index not in attached:
                if candidate.start in proposals_at:
                    name_start, name_end = proposals_at.pop(candidate.start)
                    self._title_orgs(prepared, field_name, candidate)
                    self._propose(prepared, field_name, candidate, name_span=(name_start, name_end))
                    continue
                if candidate.former or self._after_unknown_name(cased, candidate.start):
                    # "nguyên Chủ tịch UBND tỉnh" was someone else; "Lê Văn A, Chủ tịch …"
                    # is a name the directory lacks, not the holder.
                    self._title_orgs(prepared, field_name, candidate)
                    continue
                holders = self._holders(candidate.alternatives)
                people = {position.person_id for position in holders}
                if len(people) == 1:
                    position = holders[0]
                    span = self._span(prepared, field_name, candidate.start, candidate.end)
                    self._add_person(position.person_id, span, [position.id])
                    self._add_org(
                        position.organization_id,
                        self._span(prepared, field_name, candidate.title_end + 1, candidate.end),
                    )
                    people_here.add(position.person_id)
                else:
                    self._title_orgs(prepared, field_name, candidate)

        starts = {c.start: c for c in chosen if c.kind == _ORG}
        for title_start, (name_start, name_end) in proposals_at.items():
            self._propose_free(prepared, field_name, title_start, (name_start, name_end), starts)
        return people_here

    @staticmethod
    def _reads_as_person(cased: str, key: str, candidate: _Candidate) -> bool:
        """Not a lower-case phrase, and not inside a place or an institution's name:
        "huyện Cao Lộc", "Đội Thiếu niên Tiền phong Hồ Chí Minh"."""
        if not any(ch.isupper() for ch in cased[candidate.start : candidate.end]):
            return False
        if _after_place_word(key, candidate.start):
            return False
        # Walk back over capitalized words: "huyện Cao Lộc" puts "Lộc" inside a place,
        # "Trường THPT Lương Văn Khải" puts a name inside a school's.
        run_start = candidate.start
        while run_start > 1 and cased[run_start - 1] == " ":
            previous = cased.rfind(" ", 0, run_start - 1) + 1
            word = cased[previous : run_start - 1]
            if not (word.isalpha() and word[0].isupper()):
                break
            if _after_place_word(key, run_start):
                return False
            run_start = previous
        return run_start == candidate.start or not _after_place_word(key, run_start)

    def _title_orgs(self, prepared, field_name, candidate):
        span = self._span(prepared, field_name, candidate.title_end + 1, candidate.end)
        org_ids = {org for _, orgs in candidate.alternatives for org in orgs}
        self._add_orgs(tuple(sorted(org_ids)), span)

    def _disambiguate(self, people, titles) -> tuple[int, ...]:
        """Two people share a name: keep the one whose printed titles or positions fit the day."""
        if titles:
            fitting = tuple(
                person_id
                for person_id in people
                if any(self._person_positions(person_id, t.alternatives) for t in titles)
            )
            if len(fitting) == 1:
                return fitting
        holding = tuple(
            person_id
            for person_id in people
            if any(
                p.held_on(self.day) for p in self.directory.positions_by_person.get(person_id, ())
            )
        )
        return holding if len(holding) == 1 else tuple(people)

    @staticmethod
    def _after_unknown_name(cased: str, start: int) -> bool:
        """Is the title printed after a name the directory does not know ("Lê Văn A, …")?"""
        before = cased[max(0, start - 60) : start].rstrip()
        if not before.endswith(","):
            return False
        words = before[:-1].split(" ")[-5:]
        run = 0
        for word in reversed(words):
            if word[:1].isupper() and word.isalpha():
                run += 1
            else:
                break
        return run >= 2

    def _proposal_names(self, prepared: _Prepared, chosen) -> dict[int, tuple[int, int]]:
        """ "đồng chí <Họ tên>, …" with a name the directory lacks: title start → name span."""
        cased = prepared.cased
        known = {c.start for c in chosen if c.kind == _PERSON}
        found = {}
        for word, name_start in _addressed(prepared.key):
            if word != "đồng chí ":
                continue
            name_end = _capitalized_runs(cased, name_start)
            words = cased[name_start:name_end].split(" ")
            if not 2 <= len(words) <= 5 or cased[name_end : name_end + 1] != ",":
                continue
            if name_start in known:
                continue  # a name the directory has
            title_start = name_end + 1
            while title_start < len(cased) and cased[title_start] == " ":
                title_start += 1
            found[title_start] = (name_start, name_end)
        return found

    def _propose(self, prepared, field_name, candidate, person_id=None, name_span=None):
        title, org_ids = candidate.alternatives[0]
        cased = prepared.cased
        title_text = cased[candidate.start : candidate.title_end]
        org_text = cased[candidate.title_end + 1 : candidate.end]
        active = self._active(org_ids)
        if person_id is not None:
            full_name = self.directory.person_names[person_id]
            span = self._span(prepared, field_name, candidate.start, candidate.end)
        else:
            full_name = cased[name_span[0] : name_span[1]]
            span = self._span(prepared, field_name, name_span[0], candidate.end)
        self.result.proposals.append(
            ProposalFound(
                full_name=normalize(full_name),
                title=normalize(title_text),
                organization_text=normalize(org_text),
                organization_id=active[0] if len(active) == 1 else None,
                person_id=person_id,
                span=span,
            )
        )

    def _propose_free(self, prepared, field_name, title_start, name_span, organizations_at):
        """A new name whose title is not in the directory: keep the printed words for the editor."""
        cased, key = prepared.cased, prepared.key
        title = next((t for t in _TITLE_STARTS_KEYS if key.startswith(t, title_start)), None)
        if title is None:
            return
        title_end = title_start + len(title)
        if title_end < len(key) and key[title_end].isalnum():
            return
        organization = organizations_at.get(title_end + 1)
        if organization is not None:
            org_end = organization.end
            active = self._active(organization.organizations)
            org_id = active[0] if len(active) == 1 else None
        else:
            # The printed words up to a verb or punctuation, ten words at most.
            org_end = len(cased)
            for mark in _ORG_TEXT_ENDS:
                found = key.find(mark, title_end, org_end)
                if found != -1:
                    org_end = found
            words = list(_WORD.finditer(key, title_end, org_end))
            if len(words) > 10:
                org_end = words[9].end()
            org_id = None
        span = self._span(prepared, field_name, name_span[0], org_end)
        self.result.proposals.append(
            ProposalFound(
                full_name=normalize(cased[name_span[0] : name_span[1]]),
                title=normalize(cased[title_start:title_end]),
                organization_text=normalize(cased[title_end:org_end]),
                organization_id=org_id,
                person_id=None,
                span=span,
            )
        )

    def given_name_references(self, prepared: _Prepared) -> set[int]:
        """ "đồng chí Hạnh" after "Nông Thị Hạnh" in the same article."""
        by_given: dict[str, list[int]] = defaultdict(list)
        for person_id in self.result.people:
            by_given[self.directory.given_name(person_id)].append(person_id)
        found = set()
        key, cased = prepared.key, prepared.cased
        for _, start in _addressed(key):
            word_end = _capitalized_runs(cased, start)
            if word_end == start or " " in cased[start:word_end]:
                continue  # not capitalized, or the first word of a longer name
            people = by_given.get(key[start:word_end], ())
            if len(people) == 1:
                found.add(people[0])
        return found

    def resolve_pending_organizations(self):
        """Names several organizations share ("Chi bộ Phòng Giáo dục và Đào tạo huyện"):
        keep the one under the most specific organization the article names unambiguously."""
        paths = self.directory.org_paths
        known = [paths.get(org_id, "") for org_id in self.result.organizations]
        for org_ids, span in self.pending_orgs:
            if any(org_id in self.result.organizations for org_id in org_ids):
                continue
            depth = {
                org_id: max(
                    (
                        len(path)
                        for path in known
                        if path and paths.get(org_id, "").startswith(path)
                    ),
                    default=0,
                )
                for org_id in org_ids
            }
            deepest = max(depth.values(), default=0)
            chosen = [org_id for org_id, value in depth.items() if value == deepest]
            if deepest and len(chosen) == 1:
                self._add_org(chosen[0], span)


def html_to_text(body: str) -> str:
    """The plain text of an HTML body, a line per block; body mention offsets count in it."""
    if not body:
        return ""
    text = re.sub(
        r"(?i)<\s*(?:/p|br\s*/?|/h[1-6]|/li|/blockquote|/div|/figcaption)\s*>", "\n", body
    )
    return html.unescape(strip_tags(text)).strip("\n")


def detect(
    *,
    title: str = "",
    lead: str = "",
    body: str = "",
    captions: list[str] | tuple[str, ...] = (),
    day: date,
    directory: Directory | None = None,
) -> Detection:
    """Find the people, organizations and proposals in an article's texts (plain text)."""
    directory = directory or get_directory()
    detector = _ArticleDetector(directory, day)
    fields = [
        (MentionField.TITLE, title),
        (MentionField.LEAD, lead),
        (MentionField.BODY, body),
        *((MentionField.CAPTION, caption) for caption in captions),
    ]
    prepared = [(name, _Prepared(text or "")) for name, text in fields]
    local_keys: list[tuple[str, tuple[int, ...]]] = []
    seen: set[tuple[str, str]] = set()
    for _, item in prepared:
        for abbreviation, expansion in item.abbrevs:
            if (abbreviation, expansion) in seen:
                continue
            seen.add((abbreviation, expansion))
            local_keys.extend(directory.local_keys(abbreviation, expansion))
    caption_people: list[set[int]] = []
    for name, item in prepared:
        people = detector.run(name, item, local_keys)
        if name == MentionField.CAPTION:
            caption_people.append(people)
    caption_index = 0
    for name, item in prepared:
        if name == MentionField.CAPTION:
            caption_people[caption_index] |= detector.given_name_references(item)
            caption_index += 1
    detector.resolve_pending_organizations()
    detector.result.captions = caption_people
    return detector.result


# ---------------------------------------------------------------------------
# Storing what was found


@dataclass
class LinkReport:
    people_created: int = 0
    people_updated: int = 0
    people_removed: int = 0
    organizations_created: int = 0
    organizations_updated: int = 0
    organizations_removed: int = 0
    caption_people: int = 0
    proposals: int = 0
    detection: Detection | None = None


def _article_day(article: Article) -> date:
    return article.reference_date


def _store(mentions_qs, found: dict, model, fk: str, article: Article, with_positions: bool):
    """Create, refresh or drop the detected mentions of one kind; editors' choices stay."""
    created = updated = removed = 0
    existing = {getattr(mention, f"{fk}_id"): mention for mention in mentions_qs}
    new = []
    for entity_id, item in found.items():
        mention = existing.get(entity_id)
        span = item.span
        values = {
            "field": span.field,
            "span_text": span.text[:300],
            "span_start": span.start,
        }
        if mention is None:
            new.append(
                (
                    model(
                        article=article,
                        origin=MentionOrigin.DETECTED,
                        confirmed=False,
                        **{f"{fk}_id": entity_id},
                        **values,
                    ),
                    item,
                )
            )
        elif mention.origin == MentionOrigin.DETECTED and not (
            mention.confirmed or mention.rejected
        ):
            changed = [name for name, value in values.items() if getattr(mention, name) != value]
            for name in changed:
                setattr(mention, name, values[name])
            if changed:
                mention.save(update_fields=changed)
                updated += 1
            if with_positions:
                wanted = set(item.position_ids)
                if wanted != {p.pk for p in mention.positions.all()}:
                    mention.positions.set(wanted)
    stale = [
        mention.pk
        for entity_id, mention in existing.items()
        if entity_id not in found
        and mention.origin == MentionOrigin.DETECTED
        and not (mention.confirmed or mention.rejected)
    ]
    if stale:
        model.objects.filter(pk__in=stale).delete()
        removed = len(stale)
    if new:
        model.objects.bulk_create([mention for mention, _ in new])
        created = len(new)
        if with_positions:
            through = model.positions.through
            rows = [
                through(personmention_id=mention.pk, position_id=position_id)
                for mention, item in new
                for position_id in sorted(item.position_ids)
            ]
            if rows:
                through.objects.bulk_create(rows)
    return created, updated, removed


@transaction.atomic
def article_detect_mentions(
    *,
    article: Article,
    directory: Directory | None = None,
    photos: list[ArticlePhoto] | None = None,
    fresh: bool = False,
) -> LinkReport:
    """Detect the people and organizations ``article`` names and store them unconfirmed.

    Mentions an editor typed, confirmed or rejected are left as they are; detected
    ones no longer found are dropped. The people found in each caption are added to
    that ArticlePhoto. Proposals for unknown people are refreshed while pending.
    ``photos`` (the article's captions in order) and ``fresh`` (the article was just
    created: it has no mentions yet) spare the importer a few queries per article.
    """
    if photos is None:
        photos = list(article.article_photos.order_by("order", "pk"))
    detection = detect(
        title=article.title,
        lead=article.lead,
        body=html_to_text(article.body),
        captions=[photo.caption for photo in photos],
        day=_article_day(article),
        directory=directory,
    )
    report = LinkReport(detection=detection)
    report.people_created, report.people_updated, report.people_removed = _store(
        [] if fresh else article.person_mentions.prefetch_related("positions"),
        detection.people,
        PersonMention,
        "person",
        article,
        with_positions=True,
    )
    (
        report.organizations_created,
        report.organizations_updated,
        report.organizations_removed,
    ) = _store(
        [] if fresh else article.organization_mentions.all(),
        detection.organizations,
        OrganizationMention,
        "organization",
        article,
        with_positions=False,
    )
    through = ArticlePhoto.people.through
    rows = [
        through(articlephoto_id=photo.pk, person_id=person_id)
        for photo, people in zip(photos, detection.captions, strict=True)
        for person_id in sorted(people)
    ]
    if rows:
        through.objects.bulk_create(rows, ignore_conflicts=True)
    report.caption_people = len(rows)
    report.proposals = _store_proposals(article, detection.proposals, fresh)
    return report


def _store_proposals(article: Article, proposals: list[ProposalFound], fresh: bool) -> int:
    if fresh and not proposals:
        return 0
    existing = (
        {}
        if fresh
        else {(p.full_name, p.title, p.organization_text): p for p in article.proposals.all()}
    )
    wanted = {}
    for item in proposals:
        wanted.setdefault(
            (item.full_name[:160], item.title[:160], item.organization_text[:255]), item
        )
    stale = [
        proposal.pk
        for key, proposal in existing.items()
        if key not in wanted and proposal.status == ProposalStatus.PENDING
    ]
    if stale:
        MentionProposal.objects.filter(pk__in=stale).delete()
    new = [
        MentionProposal(
            article=article,
            full_name=key[0],
            title=key[1],
            organization_text=key[2],
            organization_id=item.organization_id,
            person_id=item.person_id,
            field=item.span.field,
            span_text=item.span.text[:300],
            span_start=item.span.start,
        )
        for key, item in wanted.items()
        if key not in existing
    ]
    if new:
        MentionProposal.objects.bulk_create(new)
    return len(wanted)


# ---------------------------------------------------------------------------
# Editors' decisions


def mentions_confirm(*, queryset) -> int:
    """Confirm detected or typed mentions (person or organization)."""
    return queryset.update(confirmed=True, rejected=False)


def mentions_reject(*, queryset) -> int:
    """Reject mentions: they stay, marked, so the next detection does not bring them back."""
    return queryset.update(confirmed=False, rejected=True)


@transaction.atomic
def proposal_accept(*, proposal: MentionProposal, user=None) -> Person:
    """Create the proposed person (if new) and position, and link the article to them."""
    proposal = MentionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValueError("Đề xuất này đã được xử lý.")
    person = proposal.person
    if person is None:
        person = Person(full_name=proposal.full_name)
        person.full_clean()
        person.save()
    position = None
    if proposal.organization_id and proposal.title:
        position = Position.objects.filter(
            person=person, organization_id=proposal.organization_id, title=proposal.title
        ).first()
        if position is None:
            position = Position(
                person=person, organization_id=proposal.organization_id, title=proposal.title
            )
            position.full_clean()
            position.save()
    mention, _ = PersonMention.objects.get_or_create(
        article=proposal.article,
        person=person,
        defaults={
            "origin": MentionOrigin.MANUAL,
            "confirmed": True,
            "field": proposal.field,
            "span_text": proposal.span_text,
            "span_start": proposal.span_start,
        },
    )
    if position is not None:
        mention.positions.add(position)
    proposal.person = person
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["person", "status", "decided_by", "decided_at"])
    return person


def proposals_reject(*, queryset, user=None) -> int:
    return queryset.filter(status=ProposalStatus.PENDING).update(
        status=ProposalStatus.REJECTED, decided_by=user, decided_at=timezone.now()
    )
