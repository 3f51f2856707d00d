"""The search engine behind the staff search (/tra-cuu/) and the readers' search (/tim-kiem/).

Both sides are folded with ``newsroom.text.fold``: articles store ``search_document`` (the
folded title, lead and body), people and organizations ``search_name``; the query is folded
the same way here, so "hoang van nghiem", "HOÀNG VĂN NGHIỆM" and an NFD "Nghiệm" are one query.

A text query is a set of tokens (letters and digits; everything else separates them), all of
which must occur as whole words; text in double quotes must occur as an exact phrase.

- PostgreSQL (production): a tsvector of the folded document, a weighted title+lead vector and
  a vector of adjacent word pairs and triples, kept by a trigger, with GIN indexes (migration
  0003); names use pg_trgm. SQLite (trying it out): the same tokens matched with word-boundary
  regular expressions on the same folded columns; same results, a simpler path.
- Relevance is tiered: all words in the title, then all in title and lead, then the rest;
  newest first inside each tier. Each tier is a "newest first" query, so ranking never scores
  every match, and both backends order results the same way.
- How a page is fetched depends on how many articles can match (see "planning" below): few,
  and the indexes find them all before they are sorted; many, and the newest articles are
  read in order until the page is full. PostgreSQL's planner is steered where it misjudges.
  A person, organization or author alone (the commonest staff search) is fetched by one
  statement of plain SQL, in whichever of three ways reads fewest rows (``_entity_page``).
- Counts are exact up to ``COUNT_CAP``; past it an estimate is shown ("khoảng 12.000 kết quả").

The selectors are ``search_articles()`` (one page, with snippets and positions cited),
``iter_results()`` (every result, for the CSV export), ``search_queryset()``, and
``suggest_people()`` / ``suggest_organizations()`` for the autocomplete.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from time import monotonic

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import (
    DEFERRED,
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsroom.text import fold, normalize
from organizations.models import Organization
from people.models import Author, Person, Position

from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    OrganizationMention,
    PersonMention,
    Section,
)

COUNT_CAP = 1000
PER_PAGE = 20
MAX_PAGE = 500
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_TOKEN_CHARS = 64
SUGGESTION_LIMIT = 12
SIMILARITY_THRESHOLD = 0.3

# A token is a run of letters and ASCII digits; the PostgreSQL side splits on [^[:alnum:]].
_TOKEN = re.compile(r"(?:[^\W\d_]|[0-9])+")
_NOT_TOKEN_CHAR = r"(?:(?![^\W\d_]|[0-9]).)"
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})


# -- the text query ---------------------------------------------------------------------


@dataclass(frozen=True)
class TextQuery:
    """Folded tokens that must all occur, and token sequences that must occur as phrases."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    impossible: bool = False  # a token longer than any word: nothing can match

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.impossible)

    @property
    def terms(self) -> list[str]:
        """Every token, loose or in a phrase."""
        return [*self.words, *(word for phrase in self.phrases for word in phrase)]

    @property
    def ngrams(self) -> list[str]:
        """What the search_ngrams column stores of the phrases: a two-word phrase's pair
        ("ban_thuong"), a longer phrase's adjacent triples ("tinh_uy_ban")."""
        found = set()
        for phrase in self.phrases:
            size = 2 if len(phrase) == 2 else 3
            found.update("_".join(phrase[i : i + size]) for i in range(len(phrase) - size + 1))
        return sorted(found)

    def ngrams_tsquery(self) -> str:
        return " & ".join(f"'{gram}'" for gram in self.ngrams)

    @property
    def sequences(self) -> list[tuple[str, ...]]:
        """What to highlight: each phrase, and each word on its own."""
        return [*self.phrases, *((word,) for word in self.words)]

    def tsquery(self, weights: str = "") -> str:
        """``'dang' <-> 'uy' & 'khoi'``; tokens hold only letters and digits, so no escaping."""
        label = f":{weights}" if weights else ""
        parts = [f"'{word}'{label}" for word in self.words]
        parts += ["(" + " <-> ".join(f"'{word}'{label}" for word in p) + ")" for p in self.phrases]
        return " & ".join(parts)

    def patterns(self) -> list[str]:
        """Regular expressions, one per word or phrase, matching whole tokens of folded text."""
        edge_before = r"(?<![^\W\d_])(?<![0-9])"
        edge_after = r"(?![^\W\d_])(?![0-9])"
        found = [edge_before + re.escape(word) + edge_after for word in self.words]
        for phrase in self.phrases:
            body = (_NOT_TOKEN_CHAR + "+").join(re.escape(word) for word in phrase)
            found.append(f"(?s){edge_before}{body}{edge_after}")
        return found


def parse_text(text: str | None) -> TextQuery:
    """Fold and split what was typed; never raises, whatever the input."""
    if not text:
        return TextQuery()
    text = fold(str(text)[:MAX_QUERY_CHARS].translate(_QUOTES))
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    impossible = False
    for index, part in enumerate(text.split('"')):
        tokens = _TOKEN.findall(part)
        if any(len(token) > MAX_TOKEN_CHARS for token in tokens):
            impossible = True
        tokens = [token for token in tokens if len(token) <= MAX_TOKEN_CHARS]
        if index % 2 == 1 and len(tokens) > 1:
            phrase = tuple(tokens[:MAX_TERMS])
            if phrase not in phrases:
                phrases.append(phrase)
        else:
            words.extend(token for token in tokens if token not in words)
    return TextQuery(tuple(words[:MAX_TERMS]), tuple(phrases[:8]), impossible)


class _ArticleCondition(Expression):
    """A condition on an article, written in SQL against its row (``pk``: the article's id,
    by default the queryset's own)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk=None):
        super().__init__()
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def _table(self, compiler) -> str:
        return compiler.quote_name_unless_alias(self.pk.alias)


class TextMatch(_ArticleCondition):
    """True when an article's folded text holds every word and phrase of ``query``.

    ``scope`` is "document" (title, lead and body), "title" or "title_lead" (for ranking).
    """

    def __init__(self, query: TextQuery, scope: str = "document", pk=None):
        super().__init__(pk)
        self.query, self.scope = query, scope

    def as_sql(self, compiler, connection):
        if self.query.impossible or not self.query:
            return "1 = 0", []
        table = self._table(compiler)
        column = {
            "document": f"{table}.search_document",
            "title": f"newsroom_fold({table}.title)",
            "title_lead": f"newsroom_fold({table}.title || ' ' || {table}.lead)",
        }[self.scope]
        patterns = self.query.patterns()
        return "(" + " AND ".join([f"{column} REGEXP %s"] * len(patterns)) + ")", patterns

    def as_postgresql(self, compiler, connection):
        if self.query.impossible or not self.query:
            return "1 = 0", []
        table = self._table(compiler)
        column, weights = {
            "document": ("search_vector", ""),
            "title": ("search_title_lead", "A"),
            "title_lead": ("search_title_lead", "AB"),
        }[self.scope]
        sql = f"{table}.{column} @@ to_tsquery('simple'::regconfig, %s)"
        params = [self.query.tsquery(weights)]
        if self.scope == "document" and self.query.phrases:
            # Runs of adjacent words narrow a phrase's candidates by index before positions
            # are checked; the cast keeps "_" (to_tsquery would split on it).
            sql = f"({sql} AND {table}.search_ngrams @@ %s::tsquery)"
            params.append(self.query.ngrams_tsquery())
        return sql, params


# -- SQLite helpers (registered on every SQLite connection by ArticlesConfig.ready) ----------


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word lower-cased, padded with two spaces before, one after."""
    found: set[str] = set()
    for word in re.findall(r"[^\W_]+", (text or "").lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both strings."""
    first, second = _trigrams(a), _trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite the two functions PostgreSQL gets from the search migration."""
    if connection.vendor != "sqlite":
        return
    create = connection.connection.create_function
    create("newsroom_fold", 1, lambda value: fold(value or ""), deterministic=True)
    create("newsroom_name_key", 1, name_key, deterministic=True)
    create("similarity", 2, trigram_similarity, deterministic=True)


# -- criteria -----------------------------------------------------------------------------


class Order:
    DATE = "date"
    RELEVANCE = "relevance"
    CHOICES = [(DATE, "Mới nhất trước"), (RELEVANCE, "Liên quan nhất")]


@dataclass
class SearchCriteria:
    """What to look for; every part is optional and the parts combine with AND."""

    text: str = ""
    person: Person | None = None
    organization: Organization | None = None
    include_suborganizations: bool = True
    include_lineage: bool = True
    date_from: date | None = None
    date_to: date | None = None
    section: Section | None = None
    author: Author | None = None
    status: str = ""
    order: str = Order.DATE
    published_only: bool = False
    query: TextQuery = field(init=False)

    def __post_init__(self):
        self.query = parse_text(self.text)

    @property
    def text_ignored(self) -> bool:
        """Text was typed but holds no letter or digit (punctuation, emoji): it is ignored."""
        return bool(self.text and self.text.strip()) and not self.query

    @property
    def is_empty(self) -> bool:
        return not (
            self.query
            or self.person
            or self.organization
            or self.date_from
            or self.date_to
            or self.section
            or self.author
            or self.status
        )


def name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name or "").lower()


def lineage_paths(organization: Organization) -> dict[int, str]:
    """The organization, what it was renamed or merged from (transitively) and into, with
    their tree paths.

    Only along the direction of time: a commune merged with two others finds the new commune
    and its own past, not its former neighbours. One query for the whole succession graph.
    """
    edges = Organization.objects.filter(successor__isnull=False).values_list(
        "pk", "path", "successor_id", "successor__path"
    )
    paths = {organization.pk: organization.path}
    forward: dict[int, int] = {}
    backward: dict[int, list[int]] = {}
    for pk, path, successor, successor_path in edges:
        paths.setdefault(pk, path)
        paths.setdefault(successor, successor_path)
        forward[pk] = successor
        backward.setdefault(successor, []).append(pk)
    found = {organization.pk}
    step = organization.pk
    while step in forward and forward[step] not in found:
        step = forward[step]
        found.add(step)
    frontier = [organization.pk]
    while frontier:
        frontier = [p for pk in frontier for p in backward.get(pk, []) if p not in found]
        found.update(frontier)
    return {pk: paths[pk] for pk in found}


def lineage_ids(organization: Organization) -> set[int]:
    return set(lineage_paths(organization))


def organization_ids(criteria: SearchCriteria):
    """Ids of the chosen organization and, as asked, its lineage and everything below: a
    subquery on the tree paths (one indexed prefix scan per root), not a list of ids."""
    organization = criteria.organization
    if criteria.include_lineage:
        roots = lineage_paths(organization)
    else:
        roots = {organization.pk: organization.path}
    if not criteria.include_suborganizations:
        return sorted(roots)
    return Organization.objects.subtree_of(
        *[Organization(pk=pk, path=path) for pk, path in roots.items()]
    ).values("pk")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("pk").desc())


def ranked_tiers(criteria: SearchCriteria, base: QuerySet) -> list[tuple[QuerySet, str]]:
    """Disjoint slices of the results in relevance order, each sorted newest first, with the
    scope whose word statistics bound its size ("document", or "title_lead")."""
    if criteria.order != Order.RELEVANCE or not criteria.query:
        return [(base.order_by(*NEWEST_FIRST), "document")]
    in_title = TextMatch(criteria.query, "title")
    in_title_lead = TextMatch(criteria.query, "title_lead")
    return [
        (base.filter(in_title).order_by(*NEWEST_FIRST), "title_lead"),
        (base.filter(in_title_lead).exclude(in_title).order_by(*NEWEST_FIRST), "title_lead"),
        (base.exclude(in_title_lead).order_by(*NEWEST_FIRST), "document"),
    ]


# -- planning: how big is the result, and so which way to fetch it ------------------------
#
# Newest first, a page is found one of two ways. When few articles can match (a rare word, a
# person in a hundred articles), the indexes find them all and the few are sorted. When many
# can (a common word, the province's party committee), reading the newest articles in date
# order and keeping the matching ones stops after a few hundred rows; first within a window
# of the DENSE_WINDOW newest, then, if the window held too few, below it by index. Which case
# applies is decided from an upper bound: the word frequencies PostgreSQL's statistics keep for
# the search columns (ANALYZE), and capped index-only counts of the mention tables. A person,
# organization or author alone has a third way between the two: its articles' ids hashed,
# then the newest articles read in order and looked up in the hash (``_way_alone``).

SPARSE_LIMIT = 2000
DENSE_WINDOW = 3000
CUTOFF_SECONDS = 60
_CUTOFFS: dict[tuple, tuple[float, object]] = {}
STATS_SECONDS = 600
_STATS: dict[str, tuple[float, tuple[dict[str, float], float, float] | None]] = {}
_COLUMNS = {
    "document": "search_vector",
    "title_lead": "search_title_lead",
    "ngrams": "search_ngrams",
}


def _lexeme_stats(scope: str) -> tuple[dict[str, float], float, float] | None:
    """(frequency of each common word, frequency bound for the others, rows), cached a while."""
    if connection.vendor != "postgresql":
        return None
    now = monotonic()
    cached = _STATS.get(scope)
    if cached and now - cached[0] < STATS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples
            FROM pg_class c
            LEFT JOIN pg_stats s ON s.schemaname = current_schema()
                AND s.tablename = c.relname AND s.attname = %s
            WHERE c.oid = 'articles_article'::regclass
            """,
            [_COLUMNS[scope]],
        )
        row = cursor.fetchone()
    words, freqs, rows = row if row else (None, None, -1)
    stats = None  # never analyzed: nothing known
    if words and freqs and rows and rows > 0:
        # For tsvector columns the last two numbers are the minimum and maximum frequency.
        stats = (dict(zip(words, freqs, strict=False)), float(freqs[-2]), float(rows))
    _STATS[scope] = (now, stats)
    return stats


def text_bound(query: TextQuery, scope: str = "document") -> int | None:
    """At most about how many articles hold every word (and word pair) of the query."""
    if not query:
        return None
    if query.impossible:
        return 0
    stats = _lexeme_stats(scope)
    if stats is None:
        return None
    table, floor, rows = stats
    share = min(table.get(word, floor) for word in query.terms)
    if query.ngrams:
        gram_stats = _lexeme_stats("ngrams")
        if gram_stats:
            grams, gram_floor, _ = gram_stats
            share = min(share, *(grams.get(gram, gram_floor) for gram in query.ngrams))
    return int(share * rows) + 1


@dataclass(frozen=True)
class Source:
    """Where an entity names articles, in plain SQL built once per search (no queryset to
    compile): ``ids`` selects the ids of the articles it names; ``exists`` selects its rows
    naming one article, whose id column stands in it as ``{article}``. Both take ``params``."""

    ids: str
    exists: str
    params: tuple = ()


# How an article is checked against sources (see sources_sql).
BY_IDS, HASHED, PER_ARTICLE = "ids", "hashed", "per article"


def sources_sql(sources: list[Source], way: str, article: str) -> tuple[str, list]:
    """SQL true when one of ``sources`` names the article whose id column is ``article``.

    - BY_IDS: the id among the sources' ids, a semi-join on a few ids: every match is found,
      then sorted.
    - PER_ARTICLE: an EXISTS per source, checked for each article through an index, so reading
      articles newest first stops after a few hundred rows. "OFFSET 0" keeps PostgreSQL from
      rewriting an EXISTS into a hashed subplan (or a hash semi-join), which would read all
      30,000 mentions of a much-written-about person before returning the first of the twenty
      newest articles it needs.
    - HASHED: exactly that rewriting, asked for where it pays: each source's ids read once into
      a hash table, then looked up for each article read newest first. "IS TRUE" keeps the IN
      from becoming a semi-join, so the articles stay the outer side, read in date order, and
      the reading stops at the page's end.
    """
    params = [param for source in sources for param in source.params]
    if way == BY_IDS:
        return f"{article} IN ({' UNION ALL '.join(s.ids for s in sources)})", params
    if way == HASHED:
        checks = [f"({article} IN ({source.ids})) IS TRUE" for source in sources]
    else:
        checks = [
            f"EXISTS({source.exists.replace('{article}', article)} LIMIT 1 OFFSET 0)"
            for source in sources
        ]
    return "(" + " OR ".join(checks) + ")", params


class SourcesMatch(_ArticleCondition):
    """True when one of ``sources`` names the article (``sources_sql`` in a queryset)."""

    def __init__(self, sources: list[Source], dense: bool, pk=None):
        super().__init__(pk)
        self.sources, self.dense = sources, dense

    def as_sql(self, compiler, connection):
        table = self._table(compiler)
        column = connection.ops.quote_name(self.pk.target.column)
        way = PER_ARTICLE if self.dense else BY_IDS
        return sources_sql(self.sources, way, f"{table}.{column}")


@dataclass
class EntityFilter:
    """A person, organization or author condition: where its articles come from (sources),
    and how big it is, measured by ``probes``: plain SQL selects, one per source, each cheap
    to count through an index; the first selects distinct article ids."""

    sources: list[Source]
    probes: list[tuple[str, list]]
    lower: int = 0  # at least this many distinct articles
    upper: float = float("inf")  # at most this many
    estimate: Callable[[], tuple[int | None, bool]] | None = None  # (articles, exactly?)
    first_is_distinct: bool = False  # the first source never names an article twice
    rows_hint: Callable[[], float | None] | None = None  # its sources' rows, from statistics

    def rows(self) -> float | None:
        """About how many rows its sources hold: counted below the probes' cap, else from
        statistics (no query while they are cached), else unknown."""
        if self.upper != float("inf"):
            return self.upper
        hint = self.rows_hint() if self.rows_hint else None
        return None if hint is None else max(hint, SPARSE_LIMIT + 1)

    def condition(self, dense: bool) -> SourcesMatch:
        return SourcesMatch(self.sources, dense)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def person_filter(person: Person) -> EntityFilter:
    """Articles where the person is a confirmed mention, in a caption, or in a byline.

    People and authors are not linked in the schema, and a journalist's pen name is usually
    not the full name, so the person's aliases are where a pen name goes ("Ngọc Hiếu"): the
    authors who are this person have a pen name equal to the full name or an alias. Folded
    names find the candidates; the comparison that decides keeps tone marks (case aside),
    since "Nghiệm" and "Nghiêm" are different people.
    """
    names = [name for name in [person.full_name, *person.alias_list] if name]
    folded = sorted({fold(name) for name in names})
    keys = sorted({name_key(variant) for name in names for variant in (name, normalize(name))})
    key_sql = (
        "lower(normalize(name, NFC))"
        if connection.vendor == "postgresql"
        else "newsroom_name_key(name)"
    )
    authors = (
        f"SELECT id FROM {_table(Author)} WHERE search_name IN ({_marks(folded)}) "
        f"AND {key_sql} IN ({_marks(keys)})"
    )
    mentions, photos = _table(PersonMention), _table(ArticlePhoto)
    links, bylines = _table(ArticlePhoto.people.through), _table(Byline)
    confirmed = f"FROM {mentions} WHERE person_id = %s AND confirmed"
    shown = f"FROM {links} WHERE person_id = %s"
    written = f"FROM {bylines} WHERE author_id IN ({authors})"
    names_params = (*folded, *keys)
    sources = [
        Source(f"SELECT article_id {confirmed}",
               f"SELECT 1 {confirmed} AND article_id = {{article}}", (person.pk,)),
        # A caption's article, one primary-key lookup per photo: a join would let the planner
        # read every photo of the newsroom to hash them, for a person shown in a few.
        Source(f"SELECT (SELECT p.article_id FROM {photos} p WHERE p.id = articlephoto_id) {shown}",
               f"SELECT 1 FROM {photos} p JOIN {links} l ON l.articlephoto_id = p.id "
               f"WHERE l.person_id = %s AND p.article_id = {{article}}", (person.pk,)),
        Source(f"SELECT article_id {written}",
               f"SELECT 1 {written} AND article_id = {{article}}", names_params),
    ]  # fmt: skip
    probes = [
        (f"SELECT article_id {confirmed}", [person.pk]),
        (f"SELECT articlephoto_id {shown}", [person.pk]),
        (f"SELECT article_id {written}", list(names_params)),
    ]

    def sizes() -> tuple[float, float] | None:
        """(confirmed mentions, captions) from statistics."""
        mentions = _value_rows(PersonMention, "person_id", person.pk)
        confirmed = _value_rows(PersonMention, "confirmed", "t")
        shown = _value_rows(ArticlePhoto.people.through, "person_id", person.pk)
        if mentions is None or confirmed is None or shown is None:
            return None
        return mentions * confirmed / _column_stats(PersonMention, "confirmed")[2], shown

    def estimate():
        # Confirmed mentions are one per article; a caption mostly shows someone the article
        # also names, so only a quarter of captions are counted as further articles.
        found = sizes()
        return (None, False) if found is None else (int(found[0] + found[1] / 4), False)

    def rows_hint():
        found = sizes()
        return None if found is None else sum(found)

    # One confirmed mention per article and person (a unique constraint).
    return EntityFilter(
        sources, probes, estimate=estimate, first_is_distinct=True, rows_hint=rows_hint
    )


def organization_filter(criteria: SearchCriteria) -> EntityFilter:
    ids = organization_ids(criteria)
    if isinstance(ids, list):
        ids_sql, params = _marks(ids), list(ids)
    else:
        ids_sql, params = ids.query.sql_with_params()
    named = f"FROM {_table(OrganizationMention)} WHERE confirmed AND organization_id IN ({ids_sql})"
    probe = (f"SELECT article_id {named}", list(params))
    source = Source(probe[0], f"SELECT 1 {named} AND article_id = {{article}}", tuple(params))
    entity = EntityFilter([source], [probe])

    def estimate():
        # Several organizations of a subtree are often named in one article, so mention rows
        # overstate articles: count distinct articles when the rows are few enough to read
        # from the index, else take the planner's estimate of the articles they name.
        mention_rows = _explained_rows(*probe)
        if mention_rows <= EXACT_ENTITY_ROWS:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(DISTINCT article_id) FROM ({probe[0]}) p", probe[1])
                return cursor.fetchone()[0], True
        return estimated_count(Article.objects.filter(entity.condition(dense=False))), False

    entity.estimate = estimate
    return entity


def author_filter(author: Author) -> EntityFilter:
    written = f"FROM {_table(Byline)} WHERE author_id = %s"
    source = Source(
        f"SELECT article_id {written}", f"SELECT 1 {written} AND article_id = {{article}}",
        (author.pk,),
    )  # fmt: skip
    return EntityFilter([source], [(source.ids, [author.pk])])


def _probe(entities: list[EntityFilter], cap: int, extras=()) -> list:
    """Count every entity's probes, each stopped at ``cap``, in one round trip, which also
    brings the values of ``extras`` (selects of one value each) and returns them."""
    probes = [
        (entity, index, probe) for entity in entities for index, probe in enumerate(entity.probes)
    ]
    if not probes and not extras:
        return []
    parts, params = [], []
    for number, (entity, index, (sql, probe_params)) in enumerate(probes):
        # Each probe: its rows up to the cap; the first one also its distinct articles.
        parts.append(f"(SELECT COUNT(*) FROM ({sql} LIMIT {cap}) p{number})")
        params.extend(probe_params)
        if index == 0 and not entity.first_is_distinct:
            parts.append(
                f"(SELECT COUNT(DISTINCT d{number}.article_id) FROM ({sql} LIMIT {cap}) d{number})"
            )
            params.extend(probe_params)
    for sql, extra_params in extras:
        parts.append(f"({sql})")
        params.extend(extra_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    extra_values = list(found[len(found) - len(extras) :])
    values = iter(int(value) for value in found[: len(found) - len(extras)])
    rows_of: dict[int, list[int]] = {}
    for entity, index, _ in probes:
        rows = next(values)
        rows_of.setdefault(id(entity), []).append(rows)
        if index == 0:
            entity.lower = rows if entity.first_is_distinct else next(values)
    for entity in entities:
        rows = rows_of.get(id(entity), [])
        entity.upper = float("inf") if any(r >= cap for r in rows) else sum(rows)
        # A source with no rows (a person who never writes) is no condition to check.
        kept = [source for source, r in zip(entity.sources, rows, strict=True) if r] or [
            entity.sources[0]
        ]
        entity.sources = kept
    return extra_values


_VALUES: dict[tuple[str, str], tuple[float, tuple[dict, float, float] | None]] = {}


def clear_caches() -> None:
    """Forget cached statistics, values and cutoffs. They never change results, only which
    plan runs; the tests clear them so query counts do not depend on what ran before."""
    _STATS.clear()
    _CUTOFFS.clear()
    _VALUES.clear()


def _column_stats(model, column: str) -> tuple[dict, float, float] | None:
    """(most common values → frequency, frequency of any other value, table rows) from
    PostgreSQL's statistics, cached a while; None before the table is analyzed."""
    if connection.vendor != "postgresql":
        return None
    key = (model._meta.db_table, column)
    cached = _VALUES.get(key)
    if cached and monotonic() - cached[0] < STATS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.most_common_vals::text::text[], s.most_common_freqs, s.n_distinct,
                   s.null_frac, c.reltuples
            FROM pg_class c
            LEFT JOIN pg_stats s ON s.schemaname = current_schema()
                AND s.tablename = c.relname AND s.attname = %s
            WHERE c.oid = %s::regclass
            """,
            [column, model._meta.db_table],
        )
        values, freqs, distinct, nulls, rows = cursor.fetchone()
    known = None
    if rows and rows > 0 and distinct:
        values, freqs = values or [], freqs or []
        distinct = -distinct * rows if distinct < 0 else distinct
        other = max(1.0 - sum(freqs) - (nulls or 0.0), 0.0) / max(distinct - len(values), 1)
        known = (dict(zip(values, freqs, strict=True)), other, float(rows))
    _VALUES[key] = (monotonic(), known)
    return known


def _value_rows(model, column: str, value) -> float | None:
    """About how many rows of ``model`` have ``column`` = ``value``: what the planner would
    estimate, without asking it."""
    stats = _column_stats(model, column)
    if stats is None:
        return None
    frequencies, other, rows = stats
    return frequencies.get(str(value), other) * rows


def _explained_rows(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])


def entity_estimate(entity: EntityFilter) -> tuple[int | None, bool]:
    """(how many articles, whether exactly) for one entity alone, without counting them all."""
    if connection.vendor != "postgresql":
        return None, False
    if entity.estimate is not None:
        return entity.estimate()
    return _explained_rows(*entity.probes[0]), False


@dataclass
class SearchPlan:
    """The filtered querysets of one search and what is known of its size."""

    criteria: SearchCriteria
    base: QuerySet  # the article-level filters: published, dates, section, status
    entities: list[EntityFilter]
    dense: list[bool]  # for each entity: checked per article (or its ids found first)
    has_article_filters: bool
    totals: list[int] = field(default_factory=list)  # sizes learnt while fetching a page
    history: list[Position] | None = None  # the person's positions, fetched with the probes
    attached: dict[int, str | None] | None = None  # positions attached, read with the page

    @cached_property
    def full(self) -> QuerySet:
        """The base and every other condition (built when a page or count needs it)."""
        full = self.base
        if self.criteria.query:
            full = full.filter(TextMatch(self.criteria.query))
        for entity, dense in zip(self.entities, self.dense, strict=True):
            full = full.filter(entity.condition(dense))
        return full

    def bound(self, scope: str = "document") -> float | None:
        """At most about how many articles match, or None when nothing is known."""
        bounds = [entity.upper for entity in self.entities]
        text = text_bound(self.criteria.query, scope)
        if text is not None:
            bounds.append(text)
        return min(bounds) if bounds else None

    def cutoff(self, window: int):
        """published_at of about the ``window``-th newest article the base allows, or None.

        Any cutoff gives the same results (rows above it, then rows below it), so it is
        cached for a minute: newer articles only make the window a little larger.
        """
        c = self.criteria
        key = (window, c.published_only, c.date_from, c.date_to, c.section, c.status)
        cached = _CUTOFFS.get(key)
        if cached and monotonic() - cached[0] < CUTOFF_SECONDS:
            return cached[1]
        found = list(
            self.base.order_by(*NEWEST_FIRST).values_list("published_at", flat=True)[
                window - 1 : window
            ]
        )
        cutoff = found[0] if found else None
        _CUTOFFS[key] = (monotonic(), cutoff)
        return cutoff


def _is_dense(bound) -> bool:
    return bound is None or bound > SPARSE_LIMIT


def plan_search(criteria: SearchCriteria) -> SearchPlan:
    """Plan the search after probing the entity filters' sizes (one query)."""
    base = Article.objects.published() if criteria.published_only else Article.objects.all()
    if criteria.date_from:
        base = base.filter(published_at__gte=_day_start(criteria.date_from))
    if criteria.date_to:
        base = base.filter(published_at__lt=_day_start(criteria.date_to + timedelta(1)))
    if criteria.section:
        base = base.filter(section=criteria.section)
    if criteria.status and criteria.status in ArticleStatus.values:
        base = base.filter(status=criteria.status)
    entities = []
    if criteria.person:
        entities.append(person_filter(criteria.person))
    if criteria.organization:
        entities.append(organization_filter(criteria))
    if criteria.author:
        entities.append(author_filter(criteria.author))
    # The person's positions (to cite on each row) ride along with the probes.
    extras = [_history_sql(criteria.person)] if criteria.person else []
    found = _probe(entities, SPARSE_LIMIT + 1, extras)
    # The smallest entity drives a sparse search; the others are then checked per article.
    smallest = min((entity.upper for entity in entities), default=None)
    dense = [entity.upper != smallest or _is_dense(smallest) for entity in entities]
    has_article_filters = bool(
        criteria.published_only
        or criteria.date_from
        or criteria.date_to
        or criteria.section
        or (criteria.status in ArticleStatus.values)
    )
    plan = SearchPlan(criteria, base, entities, dense, has_article_filters)
    if criteria.person:
        plan.history = _history(found[0])
    return plan


def search_queryset(criteria: SearchCriteria) -> QuerySet:
    """Articles matching every criterion, unordered; the selector all the pages share."""
    return plan_search(criteria).full


def _newest(plan: SearchPlan, queryset: QuerySet, scope: str, offset: int, limit: int) -> list:
    """Rows offset … offset + limit of ``queryset`` (ordered newest first), fetched the way
    the expected size of the result makes cheapest.

    Without text, ids are found first and only the page's rows are read in full: the order
    index and a covering index on id answer the rest without visiting the wide rows.
    """
    by_id = not plan.criteria.query
    cutoff = None
    if _is_dense(plan.bound(scope)):
        cutoff = plan.cutoff(max(DENSE_WINDOW, 20 * (offset + limit)))
    if cutoff is not None:
        ids_or_rows = queryset.values_list("pk", flat=True) if by_id else queryset
        found = _dense(plan, ids_or_rows, cutoff, offset, limit)
    else:
        # Few matches: all of them are found and sorted anyway, so counting them is free.
        counted = queryset.annotate(total=Window(Count("pk")))
        if by_id:
            counted = counted.values_list("pk", "total")
        with _by_index(plan):
            found = list(counted[offset : offset + limit])
        if found or not offset:
            plan.totals.append((found[0][1] if by_id else found[0].total) if found else 0)
        found = [row[0] for row in found] if by_id else found
    return found if not by_id else read_articles(found)


def _dense(plan: SearchPlan, queryset: QuerySet, cutoff, offset: int, limit: int) -> list:
    """Rows offset … offset + limit read newest first: within a window of the newest
    articles (stops after a few hundred rows), then, if it held too few, below it by index."""
    recent = list(queryset.filter(published_at__gte=cutoff)[: offset + limit])
    if len(recent) == offset + limit:
        return recent[offset:]
    older = queryset.filter(Q(published_at__lt=cutoff) | Q(published_at__isnull=True))
    skip = max(offset - len(recent), 0)
    taken = recent[offset:]
    with _by_index(plan):
        return taken + list(older[skip : skip + limit - len(taken)])


@contextmanager
def _by_index(plan: SearchPlan):
    """Make PostgreSQL find text matches through the GIN indexes (a bitmap scan).

    Used where the matches are known to be few: the planner costs checking ``@@`` on a row as
    nearly free, so it may rather walk all 200,000 articles newest first, decompressing each
    one's vector, hoping to meet twenty matches soon (about 1 s when they are rare).
    """
    query = plan.criteria.query
    if connection.vendor != "postgresql" or not query or query.impossible:
        yield  # no text to find
        return
    if _lexeme_stats("document") is None:
        yield  # nothing known to steer by
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        try:
            yield
        finally:
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT"
            )


LOOKUP_COST = 6  # an index lookup costs about six index entries read in order (measured)


def _way_alone(entity: EntityFilter) -> str | None:
    """The cheapest way to find a page of one person, organization or author alone, from the
    rows each way reads, or None when their number is unknown.

    With R rows in its sources among N articles, reading articles newest first meets a page of
    P matches after about P·N/R articles. BY_IDS looks up the date of each of the R articles;
    HASHED reads the R rows in order, then P·N/R articles (each checked in the hash tables);
    PER_ARTICLE reads the P·N/R articles and looks each up in every source. So a rare person is
    found by ids, a much-written-about one per article, and the middle, where the other two
    cost most (a person in 1% of the articles: 2,000 lookups either way), by hashing.
    """
    rows = entity.rows()
    articles = _column_stats(Article, "status")
    if rows is None or articles is None:
        return None
    walk = PER_PAGE * articles[2] / max(rows, 1)
    costs = {
        BY_IDS: rows * LOOKUP_COST,
        HASHED: rows + walk,
        PER_ARTICLE: walk * len(entity.sources) * LOOKUP_COST,
    }
    return min(costs, key=costs.get)


def _entity_page(plan: SearchPlan, offset: int, limit: int) -> list[Article] | None:
    """Rows offset … offset + limit of a search by person, organization or author without
    text, newest first, in one statement of plain SQL: the page's ids found through the
    indexes (a covering index on id, or the order index), then only their rows read in full.

    By ids, every match is found and sorted, and counted on the way. Otherwise the newest
    articles are read in order and checked one by one; with no article filter every article
    is a candidate, so no window cutoff is needed to keep PostgreSQL on the order index (the
    checks keep it there). None when the search takes the general path (text, or a dense
    search narrowed by dates, section or status).
    """
    if plan.criteria.query or not plan.entities:
        return None
    alone = len(plan.entities) == 1 and not plan.has_article_filters
    way = _way_alone(plan.entities[0]) if alone else None
    if way is None:
        if _is_dense(plan.bound()) and plan.has_article_filters:
            return None
        way = PER_ARTICLE if _is_dense(plan.bound()) else BY_IDS
    article = _table(Article)
    conditions, params = [], []
    if plan.has_article_filters:
        query = plan.base.query
        sql, where_params = query.get_compiler(connection=connection).compile(query.where)
        conditions.append(sql)
        params.extend(where_params)
    for entity, dense in zip(plan.entities, plan.dense, strict=True):
        entity_way = way if alone else (PER_ARTICLE if dense else BY_IDS)
        sql, source_params = sources_sql(entity.sources, entity_way, f"{article}.id")
        conditions.append(sql)
        params.extend(source_params)
    extra, extra_params = [], []
    if way == BY_IDS:
        total = ", COUNT(*) OVER () AS total"
        extra.append("page.total")
    else:
        total = ""
        entity = plan.entities[0]
        if alone and entity.upper <= SPARSE_LIMIT:
            # Few enough to count exactly from the sources' ids (as the way by ids would).
            union = " UNION ".join(source.ids for source in entity.sources)
            extra.append(f"(SELECT COUNT(*) FROM ({union}) u)")
            extra_params = [param for source in entity.sources for param in source.params]
    counted = bool(extra)
    if plan.criteria.person:
        sql, attached_params = _attached_sql(plan.criteria.person, "r.id")
        extra.append(f"({sql})")
        extra_params.extend(attached_params)
    ids = (
        f"SELECT {article}.id, {article}.published_at{total} FROM {article} "
        f"WHERE {' AND '.join(conditions)} "
        f"ORDER BY {article}.published_at DESC NULLS LAST, {article}.id DESC LIMIT %s OFFSET %s"
    )
    rows = _read_rows(
        f"({ids}) page JOIN {article} r ON r.id = page.id",
        [*extra_params, *params, limit, offset],
        extra=extra,
        order="page.published_at DESC NULLS LAST, page.id DESC",
    )
    if counted and (rows or not offset):
        plan.totals.append(rows[0][1][0] if rows else 0)
    if plan.criteria.person:
        plan.attached = {found.pk: values[-1] for found, values in rows}
    return [found for found, _ in rows]


def _tier_slice(plan: SearchPlan, tiers, offset: int, limit: int) -> list[Article]:
    """Rows ``offset`` … ``offset + limit`` of the tiers taken one after another."""
    found: list[Article] = []
    for queryset, scope in tiers:
        need = limit - len(found)
        if need <= 0:
            break
        if offset:
            before = queryset.values("pk")[: offset + need].count()
            if before <= offset:
                offset -= before
                continue
        found.extend(_newest(plan, queryset, scope, offset, need))
        offset = 0
    return found


# -- counting ---------------------------------------------------------------------------

SAMPLE_ROWS = 1000
EXACT_ENTITY_ROWS = 30_000


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for the whole result (PostgreSQL), without running it."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def sampled_count(queryset: QuerySet) -> int | None:
    """The result's size measured on a random sample of about SAMPLE_ROWS articles
    (PostgreSQL's TABLESAMPLE SYSTEM): text conditions and organizations named together
    defeat the planner's arithmetic, a sample does not."""
    stats = _column_stats(Article, "status")
    if stats is None:
        return None
    rows = stats[2]
    percent = min(100.0, 100.0 * SAMPLE_ROWS / max(rows, 1.0))
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    table = connection.ops.quote_name(Article._meta.db_table)
    head = f"FROM {table}"
    if head not in sql:
        return None
    sampled = sql.replace(head, f"{head} TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (1)", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sampled}) sample", params)
        found = cursor.fetchone()[0]
    return int(found * 100.0 / percent)


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP, bound: float | None = None):
    """(count, is_estimate): exact up to ``cap``; past it an estimate (the planner's, no more
    than ``bound``), or on backends without estimates the exact count."""
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    if counted <= cap:
        return counted, False
    estimate = estimated_count(queryset)
    if estimate is None:
        return queryset.order_by().count(), True
    if bound is not None and bound > cap:
        estimate = min(estimate, bound)
    return max(int(estimate), cap + 1), True


def count_results(plan: SearchPlan, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many results: exact up to ``cap``, "about" past it, cheaply either way."""
    bound = plan.bound()
    if bound is not None and bound <= cap:
        with _by_index(plan):
            return capped_count(plan.full, cap)
    if bound is not None and bound <= SPARSE_LIMIT:
        # Few enough to count exactly through the indexes, past the cap or not.
        with _by_index(plan):
            return plan.full.order_by().count(), False
    entities = plan.entities
    if len(entities) == 1 and not plan.criteria.query and not plan.has_article_filters:
        # One person or organization and nothing else: its mention rows already show
        # whether it is past the cap, and the planner knows its size from statistics.
        entity = entities[0]
        if entity.lower > cap:
            estimate, exact = entity_estimate(entity)
            if exact:
                return estimate, False
            estimate = max(estimate or 0, entity.lower)
            return int(min(estimate, entity.upper)), True
        # Its first source is within the cap but the others are large (a person shown in
        # many captions, an organization named several times an article): its articles are
        # its sources' distinct ids, counted from the indexes, up to the cap; not by reading
        # articles until the cap is reached, which may mean all of them.
        counted = _distinct_ids(entity.sources, cap + 1)
        if counted <= cap:
            return counted, False
        estimate, exact = entity_estimate(entity)
        if estimate is not None:
            return (estimate, False) if exact else (max(int(estimate), counted), True)
    query = plan.criteria.query
    if query and len(query.terms) == 1 and not entities and not plan.has_article_filters:
        # One word and nothing else: the statistics know how many articles hold it.
        if bound is not None and bound > 2 * cap:
            return int(bound), True
    if query:
        sampled = sampled_count(plan.full)
        if sampled is not None and sampled > 2 * cap:
            return sampled, True
        with _by_index(plan):
            counted = plan.full.order_by().values("pk")[: cap + 1].count()
        if counted <= cap:
            return counted, False
        if sampled is None:
            return capped_count(plan.full, cap, bound)
        return max(sampled, cap + 1), True
    return capped_count(plan.full, cap, bound)


def _distinct_ids(sources: list[Source], limit: int) -> int:
    """How many distinct articles the sources name, counted up to ``limit``."""
    union = " UNION ALL ".join(source.ids for source in sources)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT DISTINCT u.* FROM ({union}) u LIMIT {int(limit)}) c",
            [param for source in sources for param in source.params],
        )
        return cursor.fetchone()[0]


def count_label(count: int, is_estimate: bool) -> str:
    """ "1.234 kết quả", or "khoảng 12.000 kết quả" rounded to two significant figures."""
    if is_estimate:
        digits = max(len(str(count)) - 2, 0)
        count = round(count, -digits)
        return f"khoảng {count:,} kết quả".replace(",", ".")
    return f"{count:,} kết quả".replace(",", ".")


# -- the page of results ----------------------------------------------------------------


@dataclass
class SearchRow:
    article: Article
    snippet: SafeString = mark_safe("")
    positions: list[Position] = field(default_factory=list)

    @property
    def positions_label(self) -> str:
        return ", ".join(str(position) for position in self.positions)


@dataclass
class SearchPage:
    rows: list[SearchRow]
    number: int
    per_page: int
    has_next: bool
    count: int
    count_is_estimate: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0

    @property
    def count_label(self) -> str:
        return count_label(self.count, self.count_is_estimate)


LIST_FIELDS = ("pk", "title", "slug", "lead", "status", "published_at", "created_at", "section")


def search_articles(
    criteria: SearchCriteria, page: int = 1, per_page: int = PER_PAGE, cap: int = COUNT_CAP
) -> SearchPage:
    """One page of results with a capped count, snippets and positions cited."""
    page = min(max(int(page or 1), 1), MAX_PAGE)
    plan = plan_search(criteria)
    offset = (page - 1) * per_page
    articles = _entity_page(plan, offset, per_page + 1)
    single_tier = True
    if articles is None:
        listed = plan.full.select_related("section").only(
            *LIST_FIELDS, "body", "section__name", "section__slug"
        )
        tiers = ranked_tiers(criteria, listed)
        single_tier = len(tiers) == 1
        articles = _tier_slice(plan, tiers, offset, per_page + 1)
    has_next = len(articles) > per_page
    articles = articles[:per_page]
    if offset == 0 and not has_next:
        count, is_estimate = len(articles), False  # the whole result is on this page
    elif single_tier and plan.totals:
        count, is_estimate = plan.totals[0], False  # counted while fetching the page
    else:
        count, is_estimate = count_results(plan, cap)
    positions = {}
    if criteria.person:
        positions = cited_positions(criteria.person, articles, plan.history, plan.attached)
    sequences = highlight_sequences(criteria)
    rows = [
        SearchRow(article, article_snippet(article, sequences), positions.get(article.pk, []))
        for article in articles
    ]
    return SearchPage(rows, page, per_page, has_next, count, is_estimate)


def iter_results(criteria: SearchCriteria, chunk_size: int = 1000) -> Iterator[SearchRow]:
    """Every result in order (for the CSV export), in chunks: a bounded number of queries."""
    base = search_queryset(criteria).select_related("section").prefetch_related("bylines__author")
    for tier, _ in ranked_tiers(criteria, base):
        chunk: list[Article] = []
        for article in tier.only(*LIST_FIELDS, "section__name", "section__slug").iterator(
            chunk_size=chunk_size
        ):
            chunk.append(article)
            if len(chunk) == chunk_size:
                yield from _rows_for_export(chunk, criteria.person)
                chunk = []
        yield from _rows_for_export(chunk, criteria.person)


def _rows_for_export(articles, person) -> Iterator[SearchRow]:
    cited = cited_positions(person, articles) if person and articles else {}
    for article in articles:
        yield SearchRow(article, positions=cited.get(article.pk, []))


# -- reading the rows of a page ----------------------------------------------------------------

ROW_FIELDS = ("id", "title", "slug", "lead", "body", "section", "status", "published_at",
              "created_at")  # fmt: skip


def _converters(db, model, fields) -> list[tuple]:
    """What a queryset would apply to these fields' values as read from the database (on
    SQLite, dates and aware datetimes from text), for rows read by plain SQL."""
    converters = []
    for index, model_field in enumerate(fields):
        column = model_field.get_col(model._meta.db_table)
        functions = db.ops.get_db_converters(column) + column.get_db_converters(db)
        if functions:
            converters.append((index, column, functions))
    return converters


@lru_cache(maxsize=16)
def _loader(model, names: tuple[str, ...]) -> Callable[[str, list], object]:
    """``model.from_db`` for rows of these fields: their values laid out in the model's field
    order, the others deferred, as from_db would do after looking up every field among the
    names (a third of its time)."""
    attnames = [f.attname for f in model._meta.concrete_fields]
    slots = [attnames.index(name) for name in names]

    def load(db: str, values):
        row = [DEFERRED] * len(attnames)
        for slot, value in zip(slots, values, strict=True):
            row[slot] = value
        return model.from_db(db, attnames, row)

    return load


def _converted(db, values: list, converters: list[tuple]) -> list:
    for index, column, functions in converters:
        for function in functions:
            values[index] = function(values[index], column, db)
    return values


def _read_rows(
    source: str, params: list, where: str = "", extra=(), order: str = ""
) -> list[tuple]:
    """(article with its section, extra values) for each row of ``source``, a FROM clause
    in which ``r`` is the article table."""
    db = connections[DEFAULT_DB_ALIAS]  # the search's connection, looked up once
    fields = [f for f in Article._meta.concrete_fields if f.name in ROW_FIELDS]
    converters = _converters(db, Article, fields)
    columns = [f"r.{db.ops.quote_name(f.column)}" for f in fields]
    sql = (
        f"SELECT {', '.join([*columns, 's.name', 's.slug', *extra])} FROM {source} "
        f"LEFT JOIN {db.ops.quote_name(Section._meta.db_table)} s ON s.id = r.section_id"
    )
    if where:
        sql += f" WHERE {where}"
    if order:
        sql += f" ORDER BY {order}"
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    size = len(fields)
    load_article = _loader(Article, tuple(f.attname for f in fields))
    load_section = _loader(Section, ("id", "name", "slug"))
    section_field = Article._meta.get_field("section")
    sections: dict[int, Section] = {}  # one instance per section, as a page names a few
    found = []
    for row in rows:
        article = load_article(db.alias, _converted(db, list(row[:size]), converters))
        section = None
        if article.section_id is not None:
            section = sections.get(article.section_id)
            if section is None:
                section = sections[article.section_id] = load_section(
                    db.alias, [article.section_id, *row[size : size + 2]]
                )
        section_field.set_cached_value(article, section)
        found.append((article, row[size + 2 :]))
    return found


def read_articles(ids: list[int]) -> list[Article]:
    """The listed fields of these articles, with their sections, in the order given."""
    if not ids:
        return []
    rows = _read_rows(f"{_table(Article)} r", list(ids), where=f"r.id IN ({_marks(ids)})")
    found = {article.pk: article for article, _ in rows}
    return [found[pk] for pk in ids if pk in found]


# -- positions cited ------------------------------------------------------------------------


def _history_sql(person: Person) -> tuple[str, list]:
    """A select of one value: the person's positions with their organizations' names, as JSON
    (so that it rides along with another statement). The names come by subqueries, which
    PostgreSQL plans several times faster than a join."""
    qn = connection.ops.quote_name
    organization = _table(Organization)
    values = ", ".join(
        [
            *(f"p.{qn(f.column)}" for f in Position._meta.concrete_fields),
            *(
                f"(SELECT o.{name} FROM {organization} o WHERE o.id = p.organization_id)"
                for name in ("name", "short_name")
            ),
        ]
    )
    aggregate = (
        f"json_agg(json_build_array({values}))"
        if connection.vendor == "postgresql"
        else f"json_group_array(json_array({values}))"
    )
    return f"SELECT {aggregate} FROM {_table(Position)} p WHERE p.person_id = %s", [person.pk]


def _history(value) -> list[Position]:
    """The positions of ``_history_sql``'s JSON (organizations with name and short name), in
    the person's order."""
    rows = json.loads(value) if isinstance(value, str) else (value or [])
    fields = list(Position._meta.concrete_fields)
    names = [f.attname for f in fields]
    dates = [index for index, f in enumerate(fields) if f.get_internal_type() == "DateField"]
    organization_field = Position._meta.get_field("organization")
    load_organization = _loader(Organization, ("id", "name", "short_name"))
    db = connection.alias
    history = []
    for row in rows:
        values = row[: len(fields)]
        for index in dates:
            values[index] = values[index] and date.fromisoformat(values[index])
        position = Position.from_db(db, names, values)
        organization = load_organization(db, [position.organization_id, *row[len(fields) :]])
        organization_field.set_cached_value(position, organization)
        history.append(position)
    history.sort(key=lambda position: (position.order, position.pk))
    return history


def _attached_sql(person: Person, article: str) -> tuple[str, list]:
    """A select of one value: the ids of the positions an editor attached to the person's
    mention in the article whose id column is ``article``, comma-separated."""
    ids = "CAST(l.position_id AS text)"
    aggregate = (
        f"string_agg({ids}, ',')" if connection.vendor == "postgresql" else f"group_concat({ids})"
    )
    return (
        f"SELECT {aggregate} FROM {_table(PersonMention.positions.through)} l "
        f"JOIN {_table(PersonMention)} m ON m.id = l.personmention_id "
        f"WHERE m.person_id = %s AND m.article_id = {article}",
        [person.pk],
    )


def cited_positions(
    person: Person,
    articles: list[Article],
    history: list[Position] | None = None,
    attached: dict[int, str | None] | None = None,
) -> dict[int, list[Position]]:
    """For each article, the person's positions as cited on the article's date.

    Positions an editor attached to the mention win; otherwise the positions the person held
    on the article's date (publication, else creation). ``history`` (from ``_history_sql``)
    and ``attached`` (article id → ``_attached_sql``'s value) when the search's statements
    brought them; else one small query for any number of rows fetches both.
    """
    if not articles:
        return {}
    if history is None or attached is None:
        ids = [article.pk for article in articles]
        history_sql, params = _history_sql(person)
        attached_sql, attached_params = _attached_sql(person, "a.id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ({history_sql}), a.id, ({attached_sql}) FROM {_table(Article)} a "
                f"WHERE a.id IN ({_marks(ids)})",
                [*params, *attached_params, *ids],
            )
            rows = cursor.fetchall()
        history = _history(rows[0][0]) if rows else []
        attached = {article_id: value for _, article_id, value in rows}
    if not history:
        return {}
    by_pk = {position.pk: position for position in history}
    zone = timezone.get_current_timezone()
    cited: dict[int, list[Position]] = {}
    for article in articles:
        chosen = [
            by_pk[int(pk)]
            for pk in (attached.get(article.pk) or "").split(",")
            if pk and int(pk) in by_pk
        ]
        if chosen:
            cited[article.pk] = sorted(chosen, key=history.index)
            continue
        day = article.reference_date_in(zone)
        cited[article.pk] = [
            position
            for position in history
            if (position.started_on is None or position.started_on <= day)
            and (position.ended_on is None or position.ended_on >= day)
        ]
    return cited


# -- snippets ---------------------------------------------------------------------------


_TAG = re.compile(r"<[^>]*>")


def _single_spaces(text: str) -> str:
    r"""Runs of white space made one space, none at the ends: ``re.sub(r"\s+", " ", text)``
    stripped (the same characters: both ask Python which are white space), several times
    faster."""
    return " ".join(text.split())


def article_text(article: Article) -> str:
    """Lead and body as plain text (NFC, single spaces), paragraphs kept apart."""
    body = html.unescape(_TAG.sub(" ", article.body or ""))
    text = unicodedata.normalize("NFC", f"{article.lead}\n{body}")
    return _single_spaces(text)


def article_snippet(article: Article, sequences: list[tuple[str, ...]]) -> SafeString:
    """The snippet from the lead when the match is there (most often), else from the part of
    the body around the first match, else the lead."""
    pattern = _sequence_pattern(tuple(sequences))
    lead = _single_spaces(unicodedata.normalize("NFC", article.lead or ""))
    first = pattern.search(lead) if pattern else None
    if pattern is None or first:
        return snippet(lead, sequences, first=first)
    body = unicodedata.normalize("NFC", article.body or "")
    found = pattern.search(body)
    if not found:
        return snippet(lead, sequences)
    start = body.rfind(">", 0, max(found.start() - 400, 0)) + 1
    raw = body[start : found.end() + 800]
    if raw.rfind("<") > raw.rfind(">"):
        raw = raw[: raw.rfind("<")]  # a tag cut in half at the end
    part = _single_spaces(html.unescape(_TAG.sub(" ", raw)))
    return snippet(part, sequences, cut_before=start > 0)


def highlight_sequences(criteria: SearchCriteria) -> list[tuple[str, ...]]:
    """Token sequences to mark: the query, then the person's and organization's names."""
    sequences = list(criteria.query.sequences)
    if criteria.person:
        names = [criteria.person.full_name, *criteria.person.alias_list]
        sequences += [tuple(_TOKEN.findall(fold(name))) for name in names]
    if criteria.organization:
        org = criteria.organization
        names = [org.name, org.short_name, org.abbreviation, *org.alias_list]
        sequences += [tuple(_TOKEN.findall(fold(name))) for name in names if name]
    return [sequence for sequence in sequences if sequence]


# Characters outside the blocks below that a case-insensitive match takes for one of their
# letters (KELVIN SIGN, ANGSTROM SIGN, dotless ı): with them each class holds exactly what
# re.IGNORECASE would match (a test checks every code point), so patterns can go without it.
_IGNORECASE_ALSO = {"a": "\u212b", "i": "\u0131", "k": "\u212a"}


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """For each folded letter, a regex class of every letter that folds to it: "d" → "[dDđĐ]"."""
    variants: dict[str, set[str]] = {}
    blocks = [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    for code in blocks:
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants.setdefault(folded, {folded, folded.upper()}).update({char, char.lower()})
    for key, chars in _IGNORECASE_ALSO.items():
        variants[key].update(chars)
    return {key: "[" + "".join(sorted(chars)) + "]" for key, chars in variants.items()}


@lru_cache(maxsize=256)
def _sequence_pattern(sequences: tuple[tuple[str, ...], ...]) -> re.Pattern | None:
    """One regex finding any of the folded sequences in unfolded text, tone marks or not.

    A match starts at a token's start: its first letter, then no letter or digit before it,
    checked in that order (a lookbehind over both), so most positions of a long body are
    ruled out by one character class rather than by two lookbehinds and every alternative.
    Tokens of letters with classes and ASCII digits (nearly all) need no re.IGNORECASE, which
    would make the search about twice as slow; others (a Greek letter) keep it.
    """
    if not sequences:
        return None
    classes = _letter_classes()
    caseless = all(
        char in classes or char in "0123456789"
        for sequence in sequences
        for word in sequence
        for char in word
    )

    def token(word: str) -> str:
        return "".join(classes.get(char, re.escape(char)) for char in word)

    edge_before = r"(?<![^\W\d_].)(?<![0-9].)"  # the character before the first one
    alternatives = [
        token(sequence[0][0])
        + edge_before
        + (_NOT_TOKEN_CHAR + "+").join([token(sequence[0][1:]), *map(token, sequence[1:])])
        for sequence in sorted(set(sequences), key=lambda seq: (-len(seq), seq))
    ]
    edge_after = r"(?![^\W\d_])(?![0-9])"
    flags = 0 if caseless else re.IGNORECASE
    return re.compile(f"(?s)(?:{'|'.join(alternatives)}){edge_after}", flags)


def snippet(
    text: str,
    sequences: list[tuple[str, ...]],
    width: int = 240,
    cut_before: bool = False,
    first: re.Match | None = None,
) -> SafeString:
    """About ``width`` characters around the first match, HTML-escaped, matches in <mark>."""
    if not text:
        return mark_safe("")
    pattern = _sequence_pattern(tuple(sequences))
    if first is None and pattern is not None:
        first = pattern.search(text)
    begin = 0
    if first and first.start() > width // 4:
        begin = text.rfind(" ", 0, first.start() - width // 4) + 1
    end = len(text)
    if end - begin > width:
        end = text.find(" ", begin + width)
        end = len(text) if end < 0 else end
    spans: list[list[int]] = []
    if first:
        for match in pattern.finditer(text, begin, end):
            # "Đảng ủy Khối" searched as three words is marked as one run.
            if spans and not text[spans[-1][1] : match.start()].strip():
                spans[-1][1] = match.end()
            else:
                spans.append([match.start(), match.end()])
    parts = ["… " if begin or cut_before else ""]
    position = begin
    for start, stop in spans:
        parts.append(html.escape(text[position:start]))  # Django's escape(), without its
        parts.append(f"<mark>{html.escape(text[start:stop])}</mark>")  # lazy-text wrapper
        position = stop
    parts.append(html.escape(text[position:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))


# -- suggestions (autocomplete) ----------------------------------------------------------


class TrigramSimilar(Expression):
    """pg_trgm's ``%`` (similar enough, by the trigram index); SQLite computes the same."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column, text: str):
        super().__init__()
        self.column = F(column) if isinstance(column, str) else column
        self.text = text

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        return f"similarity({column}, %s) >= %s", [*params, self.text, SIMILARITY_THRESHOLD]

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        return f"{column} %% %s", [*params, self.text]


def _names(row) -> list[str]:
    if isinstance(row, Person):
        return [row.full_name, *row.alias_list]
    return [row.name, row.short_name, row.abbreviation, *row.alias_list]


def _name_matches(queryset: QuerySet, text: str, limit: int, ordering: tuple) -> list:
    """Rows whose folded names hold every typed word, best first; close spellings otherwise."""
    folded = fold(str(text or "")[:200])
    words = [word for word in _TOKEN.findall(folded) if len(word) <= MAX_TOKEN_CHARS][:8]
    if not words:
        return []
    phrase = " ".join(words)
    condition = Q()
    for word in words:
        condition &= Q(search_name__contains=word)
    closeness = Case(
        When(search_name__startswith=phrase, then=Value(0)),
        When(search_name__contains=f"\n{phrase}", then=Value(1)),
        When(search_name__contains=f" {phrase}", then=Value(2)),
        default=Value(3),
    )
    found = list(
        queryset.filter(condition)
        .annotate(closeness=closeness)
        .order_by("closeness", *ordering)[:limit]
    )
    if found or len(phrase) < 3:
        # Typed tone marks break ties: "Nghiệm" before "Nghiêm" when "Nghiệm" was typed.
        typed = normalize(str(text)).casefold()
        found.sort(
            key=lambda row: (
                row.closeness,
                not any(normalize(name).casefold().startswith(typed) for name in _names(row)),
            )
        )
        return found
    similarity = Func(F("search_name"), Value(phrase), function="similarity",
                      output_field=FloatField())  # fmt: skip
    return list(
        queryset.filter(TrigramSimilar(F("search_name"), phrase))
        .annotate(similarity=similarity)
        .order_by("-similarity", *ordering)[:limit]
    )


def suggest_people(text: str, limit: int = SUGGESTION_LIMIT) -> list[Person]:
    """People whose name or alias matches, folded, with their current positions prefetched."""
    current = Position.objects.current().select_related("organization")
    people = Person.objects.prefetch_related(Prefetch("positions", current, "current_positions"))
    return _name_matches(people, text, limit, ("full_name", "pk"))


def suggest_organizations(text: str, limit: int = SUGGESTION_LIMIT) -> list[Organization]:
    """Organizations by name, short name, abbreviation ("KCCQ", "HĐND tỉnh") or alias."""
    return _name_matches(Organization.objects.all(), text, limit, ("depth", "name", "pk"))
