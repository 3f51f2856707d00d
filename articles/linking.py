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

import html
import re
import threading
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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
_OLD_TONE = re.compile(r"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")


def match_key(text: str) -> str:
    """How a name is looked up: ``normalize()`` then lower case; tone marks stay."""
    collapsed = " ".join(text.split())
    if unicodedata.is_normalized("NFC", collapsed) and not _OLD_TONE.search(collapsed):
        # What normalize() returns for such text, without its NFD round trip: the
        # directory build calls this some 30,000 times.
        return collapsed.lower()
    return normalize(text).lower()


_COMBINING_CLUSTER = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+", re.S)
_ODD_SPACES = "\t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_ODD_SPACE = str.maketrans(dict.fromkeys(_ODD_SPACES + "\u202f\u205f\u3000", " "))
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
        text = text.translate(_ODD_SPACE)
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


class _Entry:
    """What one key stands for: people, organizations, a position title, a place."""

    __slots__ = ("length", "people", "organizations", "title", "place")

    def __init__(self, length: int):
        self.length = length
        self.people: tuple | list = []
        self.organizations: tuple | list = []
        self.title = False
        self.place = False


@dataclass(frozen=True, slots=True)
class _Position:
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


# Words that name the kind of a party committee or council before a place:
# "Huyện ủy Cao Lộc", "Đảng bộ thị trấn Đồng Đăng", "UBND tỉnh Lạng Sơn".
_LOCALITY_WORDS = ("tỉnh", "huyện", "xã", "phường", "thị trấn", "thành phố", "tp", "tp.", "thị xã")
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


_LOCALITY_MARKERS = sorted(_LOCALITY_WORDS + _COMMITTEE_WORDS, key=len, reverse=True)


def _locality(name: str) -> str:
    """ "Huyện ủy Cao Lộc" → "Cao Lộc": the place an organization's name ends with, if any."""
    lowered = name.lower()
    for word in _LOCALITY_MARKERS:
        index = lowered.rfind(f"{word} ")
        if index != -1 and (index == 0 or lowered[index - 1] == " "):
            place = name[index + len(word) + 1 :]
            words = place.split(" ")
            if len(words) >= 2 and all(part[:1].isupper() for part in words):
                return place
            return ""
    return ""


def _org_variants(key: str, abbreviation: str) -> list[str]:
    """Forms of an organization's name the paper also prints."""
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
        keys: dict[str, _Entry] = {}

        def entry(key: str) -> _Entry:
            found = keys.get(key)
            if found is None:
                found = keys[key] = _Entry(len(key))
            return found

        self.person_names: dict[int, str] = {}
        self.given_names: dict[int, str] = {}
        for person_id, full_name, aliases in people:
            self.person_names[person_id] = full_name
            name_key = match_key(full_name)
            self.given_names[person_id] = name_key.rsplit(" ", 1)[-1]
            for key in [name_key, *(match_key(alias) for alias in _lines(aliases))]:
                if len(key) >= 2:
                    entry(key).people.append(person_id)

        self.org_names: dict[int, str] = {}
        self.org_dates: dict[int, tuple[date | None, date | None]] = {}
        self.org_paths: dict[int, str] = {}
        explicit: dict[str, set[int]] = defaultdict(set)
        derived: list[tuple[str, int]] = []
        places: set[str] = set()
        for (
            org_id,
            name,
            short_name,
            abbreviation,
            aliases,
            founded,
            dissolved,
            path,
        ) in organizations:
            self.org_names[org_id] = name
            self.org_dates[org_id] = (founded, dissolved)
            self.org_paths[org_id] = path or ""
            surfaces = [name, short_name, abbreviation, *_lines(aliases)]
            for surface in surfaces:
                if surface:
                    key = match_key(surface)
                    if len(key) >= 2:
                        explicit[key].add(org_id)
            for surface in [name, short_name, *_lines(aliases)]:
                if surface:
                    key = match_key(surface)
                    derived.extend(
                        (variant, org_id) for variant in _org_variants(key, abbreviation)
                    )
                    place = _locality(" ".join(surface.split()))
                    if place:
                        places.add(match_key(place))
        for key, org_ids in explicit.items():
            entry(key).organizations.extend(sorted(org_ids))
        for key, org_id in derived:
            # A variant never takes a name another organization has for its own.
            if key in explicit:
                continue
            organizations_of = entry(key).organizations
            if org_id not in organizations_of:
                organizations_of.append(org_id)
        for place in places:
            entry(place).place = True

        self.positions_by_person: dict[int, list[_Position]] = defaultdict(list)
        self.positions_by_title: dict[tuple[str, int], list[_Position]] = defaultdict(list)
        for pos_id, person_id, org_id, title, started, ended, order in positions:
            key = match_key(title)
            position = _Position(pos_id, person_id, org_id, key, started, ended, order)
            self.positions_by_person[person_id].append(position)
            self.positions_by_title[(key, org_id)].append(position)
            if len(key) >= 2:
                entry(key).title = True

        self.entries: list[_Entry] = []
        self.org_keys: list[tuple[str, tuple[int, ...]]] = []
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, found in keys.items():
            found.people = tuple(found.people)
            found.organizations = tuple(found.organizations)
            if found.organizations:
                self.org_keys.append((key, found.organizations))
            automaton.add_word(key, len(self.entries))
            self.entries.append(found)
        if self.entries:
            automaton.make_automaton()
        self.automaton = automaton
        self._local_keys: dict[tuple[str, str], list[tuple[str, tuple[int, ...]]]] = {}

    def __len__(self):
        return len(self.entries)

    def local_keys(self, abbreviation: str, expansion: str) -> list[tuple[str, tuple[int, ...]]]:
        """Keys an article's own abbreviation makes: "đảng ủy kccq tỉnh" from "(KCCQ)"."""
        cache_key = (abbreviation, expansion.lower())
        found = self._local_keys.get(cache_key)
        if found is None:
            needle, short = f" {expansion.lower()} ", abbreviation.lower()
            made: dict[str, set[int]] = defaultdict(set)
            for key, org_ids in self.org_keys:
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


@dataclass
class Span:
    field: str
    start: int
    end: int
    text: str


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


_PERSON, _ORG, _TITLE_ORG, _PLACE, _GIVEN = range(5)

# Words after which a run of capitalized words is a place or an institution, not
# a person: "huyện Lộc Bình", "Đội Thiếu niên Tiền phong Hồ Chí Minh".
_PLACE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố|tp\.?|thôn|bản|khu|"
    r"đường|phố|cửa khẩu|tiền phong|cộng sản|quốc gia|sông|núi|trường|bệnh viện|làng)\s+$"
)
_CHAIN_GAP = re.compile(r"\s*(?:,|;|,?\s*kiêm)\s*")
_BEFORE_NAME_GAP = re.compile(r"\s*,?\s*(?:đồng chí\s+)?")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+) $")
_ADDRESS = re.compile(r"(?<![^\W\d_])(?:đồng chí|ông|bà)\s+$")
_GIVEN_REF = re.compile(r"(?<![^\W\d_])(?:đồng chí|ông|bà)\s+([^\W\d_]+)")
_PROPOSAL = re.compile(r"(?<![^\W\d_])(?:[Đđ]ồng chí|ĐỒNG CHÍ)\s+")
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
    __slots__ = ("start", "end", "kind", "entry", "alternatives", "title_end", "former")

    def __init__(self, start, end, kind, entry=None):
        self.start, self.end, self.kind, self.entry = start, end, kind, entry
        self.alternatives: list[tuple[str, tuple[int, ...]]] = []
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
    key, entries, n = prepared.key, directory.entries, len(prepared.key)
    found: list[_Candidate] = []
    raw: list[tuple[int, int, _Entry]] = []
    if entries:
        for end, index in directory.automaton.iter(key):
            item = entries[index]
            start = end - item.length + 1
            if (start > 0 and key[start - 1].isalnum()) or (end + 1 < n and key[end + 1].isalnum()):
                continue
            raw.append((start, end + 1, item))
    for local_key, item in local_keys:
        position = key.find(local_key)
        while position != -1:
            end = position + len(local_key)
            if not (position > 0 and key[position - 1].isalnum()) and not (
                end < n and key[end].isalnum()
            ):
                raw.append((position, end, item))
            position = key.find(local_key, position + 1)
    organizations_at: dict[int, list[tuple[int, _Entry]]] = defaultdict(list)
    for start, end, item in raw:
        if item.organizations:
            organizations_at[start].append((end, item))
    for start, end, item in raw:
        if item.people or item.organizations or item.place:
            kind = _PERSON if item.people else _ORG if item.organizations else _PLACE
            # A key both a person and a place ("Hồ Chí Minh") is read as the person
            # unless the words before it make it a place; see _ArticleDetector.run.
            found.append(_Candidate(start, end, kind, item))
        if item.title and not _word_before(key, start, "phó"):
            # "Phó Bí thư Thường trực" + " " + "Tỉnh ủy" is one span. ("Phó Giám đốc" is
            # not "Giám đốc": a deputy title the directory lacks makes no span at all.)
            for org_end, org_item in organizations_at.get(end + 1, ()):
                if key[end] != " ":
                    continue
                candidate = _Candidate(start, org_end, _TITLE_ORG)
                candidate.alternatives.append((key[start:end], org_item.organizations))
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


def _capitalized_runs(cased: str, start: int) -> int:
    """End of the run of capitalized words starting at ``start``."""
    end = start
    for match in _CAP_WORD.finditer(cased, start):
        if match.start() != end and cased[end : match.start()] != " ":
            break
        if not match.group()[0].isupper():
            break
        end = match.end()
    return end


class _ArticleDetector:
    def __init__(self, directory: Directory, day: date):
        self.directory = directory
        self.day = day
        self.result = Detection()
        self.pending_orgs: list[tuple[tuple[int, ...], Span]] = []

    # -- helpers ---------------------------------------------------------
    def _span(self, prepared: _Prepared, field_name: str, start: int, end: int) -> Span:
        first, last = prepared.span(start, end)
        return Span(field_name, first, last, prepared.original[first:last])

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
            people = candidate.entry.people
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
                self._add_orgs(candidate.entry.organizations, span)
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
        if _PLACE_BEFORE.search(key, max(0, candidate.start - 30), candidate.start):
            return False
        run_start = candidate.start
        while True:
            match = _PREVIOUS_WORD.search(cased, max(0, run_start - 40), run_start)
            if not match or not match.group(1)[0].isupper():
                break
            run_start = match.start(1)
        return run_start == candidate.start or not _PLACE_BEFORE.search(
            key, max(0, run_start - 30), run_start
        )

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
        known = [(c.start, c.end) for c in chosen if c.kind == _PERSON]
        found = {}
        for match in _PROPOSAL.finditer(cased):
            name_end = _capitalized_runs(cased, match.end())
            words = cased[match.end() : name_end].split(" ")
            if not 2 <= len(words) <= 5 or cased[name_end : name_end + 1] != ",":
                continue
            if any(start < name_end and match.end() < end for start, end in known):
                continue
            title_start = name_end + 1
            while title_start < len(cased) and cased[title_start] == " ":
                title_start += 1
            found[title_start] = (match.end(), name_end)
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
            active = self._active(organization.entry.organizations)
            org_id = active[0] if len(active) == 1 else None
        else:
            org_end = len(cased)
            for mark in _ORG_TEXT_ENDS:
                found = key.find(mark, title_end)
                if found != -1:
                    org_end = min(org_end, found)
            org_end = min(org_end, title_end + 1 + len(" ".join(key[title_end:].split(" ")[:9])))
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
            by_given[self.directory.given_names.get(person_id, "")].append(person_id)
        found = set()
        for match in _GIVEN_REF.finditer(prepared.key):
            word_end = match.end(1)
            if _capitalized_runs(prepared.cased, match.start(1)) != word_end:
                continue  # the first word of a longer name, not a given name alone
            if not prepared.cased[match.start(1)].isupper():
                continue
            people = by_given.get(match.group(1), ())
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
    local_keys: list[tuple[str, _Entry]] = []
    seen: set[tuple[str, str]] = set()
    for _, item in prepared:
        for abbreviation, expansion in item.abbrevs:
            if (abbreviation, expansion) in seen:
                continue
            seen.add((abbreviation, expansion))
            for key, org_ids in directory.local_keys(abbreviation, expansion):
                local = _Entry(len(key))
                local.organizations = org_ids
                local_keys.append((key, local))
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

    def __str__(self):
        return (
            f"{self.people_created} nhân vật mới, {self.organizations_created} tổ chức mới, "
            f"{self.caption_people} người trong ảnh, {self.proposals} đề xuất"
        )


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
def article_detect_mentions(*, article: Article, directory: Directory | None = None) -> LinkReport:
    """Detect the people and organizations ``article`` names and store them unconfirmed.

    Mentions an editor typed, confirmed or rejected are left as they are; detected
    ones no longer found are dropped. The people found in each caption are added to
    that ArticlePhoto. Proposals for unknown people are refreshed while pending.
    """
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
        article.person_mentions.prefetch_related("positions"),
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
        article.organization_mentions.all(),
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
    report.proposals = _store_proposals(article, detection.proposals)
    return report


def _store_proposals(article: Article, proposals: list[ProposalFound]) -> int:
    existing = {(p.full_name, p.title, p.organization_text): p for p in article.proposals.all()}
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
