"""A public page's rows in one SQL statement, read back as one JSON document.

Why not the ORM here: an article page took eight queries (the article with its section and
featured photo, then photos, bylines, people, organizations, tags, related articles and the
positions held) and spent ~15 ms of Python compiling them and running the prefetch machinery,
around 1.8 ms of PostgreSQL (``bench/pages.py --profile``). The statement below asks for the
same rows, each relation as a JSON array built by the database, and is written once per
process from the models' own metadata (table and column names, field types), so it costs
no compilation per request. Rows come back as ordinary model instances made by
``Model.from_db``, as the ORM makes them, with their foreign keys and prefetch caches filled:
templates, ``get_absolute_url()`` and ``{% picture %}`` cannot tell the difference, and
touching a field the shape leaves out is a query, which the query-count tests catch.

PostgreSQL builds the JSON with ``json_build_object``/``json_agg``; SQLite (tests, ``make
run``) with ``json_object``/``json_group_array``; the statement is otherwise the same.
Orderings are applied in Python, the same on both (SQLite cannot order inside an aggregate).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from operator import itemgetter

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Q, QuerySet
from django.db.models.base import ModelState
from django.utils import timezone

from newsroom.text import fold_label
from organizations.models import Organization
from people.models import Author, Person, Position

from .models import (
    Article,
    ArticlePhoto,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
    Rendition,
    Section,
    Tag,
    TaggedArticle,
)


def _datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None and settings.USE_TZ:  # SQLite keeps UTC without an offset
        moment = moment.replace(tzinfo=UTC)
    return moment


CONVERTERS = {
    "DateTimeField": _datetime,
    "DateField": date.fromisoformat,
    "BooleanField": bool,  # SQLite's JSON has 0 and 1
}
PLAIN = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "SlugField",
    "TextField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "ForeignKey",
    "OneToOneField",
    "FileField",
    "ImageField",
}


class Dialect:
    """The few words in which PostgreSQL's and SQLite's JSON functions differ."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def object(self, pairs: list[tuple[str, str]]) -> str:
        function = "json_build_object" if self.postgres else "json_object"
        arguments = ", ".join(f"'{key}', {value}" for key, value in pairs)
        return f"{function}({arguments})"

    def array(self, element: str, source: str) -> str:
        """A JSON array of ``element`` for each row of ``source`` ("FROM … WHERE …"), or []."""
        if self.postgres:
            return f"COALESCE((SELECT json_agg({element}) {source}), '[]'::json)"
        # json() keeps the value JSON (not a string) inside the enclosing json_object().
        return f"json((SELECT json_group_array({element}) {source}))"

    def one(self, element: str, source: str) -> str:
        """``element`` for the one row of ``source``, or null."""
        if self.postgres:
            return f"(SELECT {element} {source})"
        return f"json((SELECT {element} {source}))"

    def column(self, name: str) -> str:
        """A JSON value read back from a subquery's column (SQLite reads it as text)."""
        return name if self.postgres else f"json({name})"

    def load(self, value):
        return value if self.postgres or value is None else json.loads(value)


class Shape:
    """Some fields of a model, written into a JSON object by SQL and read back as an instance."""

    def __init__(self, model: type[models.Model], fields: tuple[str, ...] | None = None):
        concrete = model._meta.concrete_fields
        wanted = set(fields) if fields is not None else {f.attname for f in concrete}
        unknown = wanted - {f.attname for f in concrete}
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.model = model
        self.table = model._meta.db_table
        self.fields = [f for f in concrete if f.attname in wanted]  # from_db wants this order
        self.attnames = [f.attname for f in self.fields]
        self.converted = []  # (attname, how to read it from JSON)
        for f in self.fields:
            kind = f.get_internal_type()
            if kind not in PLAIN and kind not in CONVERTERS:
                raise ValueError(f"{model.__name__}.{f.name}: {kind} is not read from JSON here")
            if kind in CONVERTERS:
                self.converted.append((f.attname, CONVERTERS[kind]))
        converted = dict(self.converted)
        # The values read as they are, taken in one call (itemgetter of two names or more
        # returns a tuple; every shape has its id and a name at least).
        self.plain = tuple(name for name in self.attnames if name not in converted)
        self.plain_values = itemgetter(*self.plain)
        if len(self.plain) < 2:
            raise ValueError(f"{model.__name__}: a shape reads two plain fields at least")

    def pairs(self, alias: str) -> list[tuple[str, str]]:
        quote = connections[router.db_for_read(self.model)].ops.quote_name
        return [(f.attname, f"{alias}.{quote(f.column)}") for f in self.fields]

    def build(self, data: dict, db: str) -> models.Model:
        """The instance ``Model.from_db()`` would make, its fields set directly: a page makes
        a hundred of them, and ``Model.__init__`` (argument matching, init signals) was most
        of their cost. A field outside the shape stays deferred, loaded on access as usual;
        the init signals have no receiver for these models (ImageField's keeps the stored
        width and height, which are read here)."""
        instance = self.model.__new__(self.model)
        fields = instance.__dict__
        fields.update(zip(self.plain, self.plain_values(data), strict=True))
        for name, convert in self.converted:
            value = data[name]
            fields[name] = None if value is None else convert(value)
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        return instance


def _prefetched(instance: models.Model, name: str, rows: list) -> None:
    """Fill ``instance.<name>.all()`` as prefetch_related() does, without a query: the
    related manager's own queryset (so a further .filter() still asks the database), with
    its rows already read."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


# ----------------------------------------------------------------------- the shapes

SECTION = Shape(Section, ("id", "name", "slug", "order", "is_active"))
PHOTO = Shape(Photo, ("id", "image", "width", "height", "credit", "caption", "alt_text"))
RENDITION = Shape(Rendition, ("id", "photo_id", "width", "height", "format", "file"))
# What a list row shows: no body, no search document.
CARD = Shape(
    Article,
    (
        "id",
        "title",
        "slug",
        "dateline_code",
        "lead",
        "section_id",
        "status",
        "published_at",
        "featured_photo_id",
    ),
)
ARTICLE = Shape(
    Article,
    tuple(
        f.attname
        for f in Article._meta.concrete_fields
        if f.attname not in {"search_document", "import_key", "created_by_id", "edited_by_id"}
    ),
)
ARTICLE_PHOTO = Shape(ArticlePhoto, ("id", "article_id", "photo_id", "caption", "credit", "order"))
BYLINE = Shape(Byline, ("id", "article_id", "author_id", "role", "order"))
AUTHOR = Shape(Author, ("id", "name", "slug"))
PERSON_MENTION = Shape(PersonMention, ("id", "article_id", "person_id", "span_start"))
PERSON = Shape(Person, ("id", "full_name", "slug", "portrait"))
POSITION = Shape(
    Position,
    ("id", "person_id", "organization_id", "title", "started_on", "ended_on", "term", "order"),
)
ORGANIZATION_MENTION = Shape(
    OrganizationMention, ("id", "article_id", "organization_id", "span_start")
)
ORGANIZATION = Shape(Organization, ("id", "name", "slug", "short_name", "abbreviation"))
TAG = Shape(Tag, ("id", "name", "slug"))


def _photo_json(d: Dialect, alias: str) -> str:
    renditions = d.array(
        d.object(RENDITION.pairs(f"{alias}_r")),
        f"FROM {RENDITION.table} {alias}_r WHERE {alias}_r.photo_id = {alias}.id",
    )
    return d.object([*PHOTO.pairs(alias), ("_renditions", renditions)])


def _article_json(
    d: Dialect, shape: Shape, alias: str, prefix: str = "", joined_section: bool = False
) -> str:
    """An article (``shape``: the page's or a list row's fields), its section and its featured
    photo with renditions. ``prefix`` names the inner aliases when ``alias`` is a table name.
    ``joined_section``: the statement joins the sections as ``<prefix>_s`` itself (a list: one
    hash join rather than a lookup per row)."""
    prefix = prefix or alias
    if joined_section:
        section = (
            f"CASE WHEN {prefix}_s.id IS NULL THEN NULL "
            f"ELSE {d.object(SECTION.pairs(f'{prefix}_s'))} END"
        )
    else:
        section = d.one(
            d.object(SECTION.pairs(f"{prefix}_s")),
            f"FROM {SECTION.table} {prefix}_s WHERE {prefix}_s.id = {alias}.section_id",
        )
    photo = d.one(
        _photo_json(d, f"{prefix}_p"),
        f"FROM {PHOTO.table} {prefix}_p WHERE {prefix}_p.id = {alias}.featured_photo_id",
    )
    return d.object([*shape.pairs(alias), ("_section", section), ("_photo", photo)])


# Stands for "now" in the compiled published() condition; each request puts its own moment in.
_MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
_PARAM = re.compile(r"%%|%s")
# What a compiled ``….order_by().values("id")`` of articles starts with, up to its condition.
_LIST_PREFIX = re.compile(
    r'^SELECT "articles_article"\."id"(?: AS "id")? FROM "articles_article" WHERE '
)


def _named(sql: str, params, moment, keep) -> str:
    """Compiled ``sql`` with named parameters: ``%(now)s`` where the stand-in ``moment`` was,
    else the name ``keep(value)`` gives each other value."""
    values = iter(params)

    def name(match) -> str:
        if match.group() == "%%":
            return "%%"
        value = next(values)
        return "%(now)s" if value == moment else f"%({keep(value)})s"

    return _PARAM.sub(name, sql)


@cache
def _published_condition(db: str, alias: str) -> tuple[str, dict]:
    """``Article.objects.published()``'s own condition — the one definition of what readers may
    see — compiled once and written for the articles table under ``alias``, with named
    parameters; "now" is left as ``%(now)s``. Inline, so the planner reads an article's
    columns and indexes directly rather than joining every published id."""
    connection = connections[db]
    queryset = Article.objects.published(at=_MOMENT).order_by().values("id")
    sql, params = queryset.query.get_compiler(db).as_sql()
    prefix = _LIST_PREFIX.match(sql)
    where = sql[prefix.end() :] if prefix else ""
    if not where or "SELECT" in where.upper():
        raise RuntimeError("published() is no longer a condition on the article's own columns")
    moment = connection.ops.adapt_datetimefield_value(_MOMENT)
    fixed: dict = {}

    def keep(value) -> str:
        key = f"published_{len(fixed)}"
        fixed[key] = value
        return key

    named = _named(where, params, moment, keep).replace('"articles_article".', f"{alias}.")
    if "%(now)s" not in named or "articles_article" in named:
        raise RuntimeError("published() no longer compares with the moment it is given")
    return named, fixed


@cache
def _article_page_sql(db: str, published_only: bool) -> tuple[str, dict]:
    """The article page's statement and its fixed parameters (add ``pk`` and ``now``)."""
    d = Dialect(connections[db].vendor)
    published, fixed = _published_condition(db, "a")
    related_published, _ = _published_condition(db, "ra")
    m2m = Article.related_articles.through
    photos = d.array(
        d.object(
            [
                *ARTICLE_PHOTO.pairs("ap"),
                (
                    "_photo",
                    d.one(_photo_json(d, "p"), f"FROM {PHOTO.table} p WHERE p.id = ap.photo_id"),
                ),
            ]
        ),
        f"FROM {ARTICLE_PHOTO.table} ap WHERE ap.article_id = a.id",
    )
    bylines = d.array(
        d.object([*BYLINE.pairs("b"), ("_author", d.object(AUTHOR.pairs("au")))]),
        f"FROM {BYLINE.table} b JOIN {AUTHOR.table} au ON au.id = b.author_id "
        "WHERE b.article_id = a.id",
    )
    positions = d.array(
        d.object([*POSITION.pairs("po"), ("_organization", d.object(ORGANIZATION.pairs("po_o")))]),
        f"FROM {POSITION.table} po JOIN {ORGANIZATION.table} po_o ON po_o.id = po.organization_id "
        "WHERE po.person_id = pe.id",
    )
    people = d.array(
        d.object(
            [
                *PERSON_MENTION.pairs("pm"),
                ("_person", d.object([*PERSON.pairs("pe"), ("_positions", positions)])),
            ]
        ),
        f"FROM {PERSON_MENTION.table} pm JOIN {PERSON.table} pe ON pe.id = pm.person_id "
        f"WHERE pm.article_id = a.id AND pm.confirmed = {_true(d)}",
    )
    organizations = d.array(
        d.object(
            [
                *ORGANIZATION_MENTION.pairs("om"),
                ("_organization", d.object(ORGANIZATION.pairs("o"))),
            ]
        ),
        f"FROM {ORGANIZATION_MENTION.table} om JOIN {ORGANIZATION.table} o "
        f"ON o.id = om.organization_id WHERE om.article_id = a.id AND om.confirmed = {_true(d)}",
    )
    tags = d.array(
        d.object(TAG.pairs("t")),
        f"FROM {TaggedArticle._meta.db_table} ta JOIN {TAG.table} t ON t.id = ta.tag_id "
        "WHERE ta.content_object_id = a.id",
    )
    related = d.array(
        _article_json(d, CARD, "ra"),
        f"FROM {m2m._meta.db_table} rel JOIN {ARTICLE.table} ra ON ra.id = rel.to_article_id "
        f"WHERE rel.from_article_id = a.id AND {related_published}",
    )
    document = d.object(
        [
            ("article", _article_json(d, ARTICLE, "a")),
            ("photos", photos),
            ("bylines", bylines),
            ("people", people),
            ("organizations", organizations),
            ("tags", tags),
            ("related", related),
        ]
    )
    where = "a.id = %(pk)s"
    if published_only:
        where += f" AND {published}"
    return f"SELECT {document} FROM {ARTICLE.table} a WHERE {where}", fixed


def _true(d: Dialect) -> str:
    return "true" if d.postgres else "1"


# ----------------------------------------------------------------------- running

_NAMED = re.compile(r"%%|%\((\w+)\)s")


def _prepared(sql: str) -> tuple[str, list[str]]:
    """``sql`` with ``$1, $2…`` for its named parameters, and the names in that order
    (a literal ``%%`` stays doubled: the text is sent with parameters, see _fetch)."""
    names: list[str] = []

    def number(match) -> str:
        if match.group(1) is None:
            return "%%"
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _NAMED.sub(number, sql), names


def _fetchone(connection, name: str, sql: str, params: dict):
    rows = _fetch(connection, name, sql, params)
    return rows[0] if rows else None


def _fetch(connection, name: str | None, sql: str, params: dict) -> list:
    """Run ``sql`` once. On PostgreSQL, given a ``name``, as a prepared statement, one per
    connection: planning the article page's statement took 1.6 ms, more than running it
    (0.6 ms). The first call on a connection sends PREPARE and EXECUTE together: one round
    trip either way.

    The connection is told to run every prepared statement with its generic plan: left to
    choose, PostgreSQL kept planning the lists anew on each call (their generic plan, not
    knowing the LIMIT, is priced above a custom one), which cost the home page's blocks
    1.3 ms of its 3.2. Only this module prepares statements (the ORM sends none), and only
    those for which one plan suits every value (Cards says which)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or name is None:
            cursor.execute(sql, params)
            return cursor.fetchall()
        raw = connection.connection  # a new one after a reconnection: prepare again there
        prepared = connection.__dict__.get("_newsroom_prepared")
        if prepared is None or prepared[0] is not raw:
            prepared = connection.__dict__["_newsroom_prepared"] = (raw, {})
        statements = prepared[1]
        text, names = statements.get(name) or _prepared(sql)
        execute = f"EXECUTE {name}({', '.join(['%s'] * len(names))})"
        if name not in statements:
            execute = f"PREPARE {name} AS {text}; {execute}"
            if not statements:
                execute = f"SET plan_cache_mode = force_generic_plan; {execute}"
        cursor.execute(execute, [params[key] for key in names])
        statements[name] = (text, names)
        return cursor.fetchall()


# ----------------------------------------------------------------------- building


def _photo(data: dict | None, db: str) -> Photo | None:
    if data is None:
        return None
    photo = PHOTO.build(data, db)
    renditions = [RENDITION.build(r, db) for r in data["_renditions"]]
    renditions.sort(key=lambda r: (r.format, r.width))  # as renditions_prefetch() orders them
    for rendition in renditions:
        Rendition.photo.field.set_cached_value(rendition, photo)
    _prefetched(photo, "renditions", renditions)
    return photo


def _article(shape: Shape, data: dict, db: str, sections: dict | None = None) -> Article:
    """``sections``: the Section instances built so far, by id, shared by a list's rows as
    prefetch_related shares them."""
    article = shape.build(data, db)
    sections = {} if sections is None else sections
    section = None
    if data["_section"]:
        key = data["_section"]["id"]
        if key not in sections:
            sections[key] = SECTION.build(data["_section"], db)
        section = sections[key]
    Article.section.field.set_cached_value(article, section)
    Article.featured_photo.field.set_cached_value(article, _photo(data["_photo"], db))
    return article


def newest_first(articles: list[Article]) -> list[Article]:
    """The order of Article.Meta.ordering: newest published first, then the newest id."""
    return sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)


def _mention_order(mention) -> tuple:
    return (mention.span_start is None, mention.span_start or 0, mention.pk)


def _position_order(position: Position) -> tuple:
    # Position.Meta.ordering: order, -started_on (an open start first, as PostgreSQL does), pk.
    started = position.started_on.toordinal() if position.started_on else float("inf")
    return (position.order, -started, position.pk)


@dataclass
class ArticlePage:
    """Everything the article page shows, read in one query."""

    article: Article
    photos: list[ArticlePhoto] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # each with .positions_on_date
    organizations: list[Organization] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)  # published only, newest first


def article_page(pk: int, *, published_only: bool = True) -> ArticlePage | None:
    """The article ``pk`` with all its page shows, or None (missing, or not published when
    ``published_only``). Related articles are always published ones only."""
    db = router.db_for_read(Article)
    connection = connections[db]
    low, high = connection.ops.integer_field_range(Article._meta.pk.get_internal_type())
    if not low <= pk <= high:  # an address no id can have ("…-99999999999999999999.html")
        return None
    sql, fixed = _article_page_sql(db, published_only)
    params = {**fixed, "pk": pk, "now": connection.ops.adapt_datetimefield_value(timezone.now())}
    row = _fetchone(
        connection, "newsroom_article_page" + ("" if published_only else "_any"), sql, params
    )
    if row is None:
        return None
    data = Dialect(connection.vendor).load(row[0])
    article = _article(ARTICLE, data["article"], db)

    photos = []
    for item in data["photos"]:
        usage = ARTICLE_PHOTO.build(item, db)
        ArticlePhoto.article.field.set_cached_value(usage, article)
        ArticlePhoto.photo.field.set_cached_value(usage, _photo(item["_photo"], db))
        photos.append(usage)
    photos.sort(key=lambda usage: (usage.order, usage.pk))

    bylines = []
    for item in data["bylines"]:
        byline = BYLINE.build(item, db)
        Byline.author.field.set_cached_value(byline, AUTHOR.build(item["_author"], db))
        bylines.append(byline)
    bylines.sort(key=lambda byline: (byline.order, byline.pk))

    day = article.reference_date
    mentions = []
    for item in data["people"]:
        mention = PERSON_MENTION.build(item, db)
        person = PERSON.build(item["_person"], db)
        held = []
        for position_data in item["_person"]["_positions"]:
            position = POSITION.build(position_data, db)
            if position.is_held_on(day):
                organization = ORGANIZATION.build(position_data["_organization"], db)
                Position.organization.field.set_cached_value(position, organization)
                Position.person.field.set_cached_value(position, person)
                held.append(position)
        person.positions_on_date = sorted(held, key=_position_order)
        PersonMention.person.field.set_cached_value(mention, person)
        mentions.append(mention)
    mentions.sort(key=_mention_order)

    organization_mentions = []
    for item in data["organizations"]:
        mention = ORGANIZATION_MENTION.build(item, db)
        organization = ORGANIZATION.build(item["_organization"], db)
        OrganizationMention.organization.field.set_cached_value(mention, organization)
        organization_mentions.append(mention)
    organization_mentions.sort(key=_mention_order)

    tags = sorted(
        (TAG.build(item, db) for item in data["tags"]),
        key=lambda tag: (fold_label(tag.name), tag.name),
    )
    related = newest_first([_article(CARD, item, db) for item in data["related"]])
    return ArticlePage(
        article=article,
        photos=photos,
        bylines=bylines,
        people=[mention.person for mention in mentions],
        organizations=[mention.organization for mention in organization_mentions],
        tags=tags,
        related=related,
    )


# ----------------------------------------------------------------------- people, bodies

PERSON_PAGE = Shape(
    Person,
    ("id", "full_name", "slug", "aliases", "portrait", "bio", "birth_year", "updated_at"),
)
ORGANIZATION_PAGE = Shape(
    Organization,
    tuple(
        f.attname
        for f in Organization._meta.concrete_fields
        if f.attname not in {"aliases", "search_name", "created_at"}
    ),
)
BODY = Shape(
    Organization,
    ("id", "name", "slug", "short_name", "abbreviation", "parent_id", "dissolved_on", "order")
    + ("path", "depth"),
)
PERSON_PHOTOS = 12


def _positions_json(d: Dialect, where: str, joined: tuple[str, Shape, str]) -> str:
    """Positions meeting ``where`` (alias po), each with the row ``joined`` names
    (key, shape, "person"/"organization")."""
    key, shape, column = joined
    table = shape.table
    return d.array(
        d.object([*POSITION.pairs("po"), (key, d.object(shape.pairs("po_j")))]),
        f"FROM {POSITION.table} po JOIN {table} po_j ON po_j.id = po.{column}_id WHERE {where}",
    )


@cache
def _person_page_sql(db: str) -> tuple[str, dict]:
    d = Dialect(connections[db].vendor)
    published, fixed = _published_condition(db, "pa")
    people = ArticlePhoto.people.through._meta.db_table
    photos = d.array(
        d.column("x"),
        "FROM (SELECT "
        + d.object(
            [
                *ARTICLE_PHOTO.pairs("ap"),
                ("_photo", _photo_json(d, "p")),
                ("_article", _article_json(d, CARD, "pa")),
            ]
        )
        + f" AS x FROM {ARTICLE_PHOTO.table} ap JOIN {people} pp ON pp.articlephoto_id = ap.id "
        f"JOIN {PHOTO.table} p ON p.id = ap.photo_id "
        f"JOIN {ARTICLE.table} pa ON pa.id = ap.article_id "
        # "photo_id IS NOT NULL" lets the planner start from the captions that have a file.
        f"WHERE pp.person_id = pe.id AND ap.photo_id IS NOT NULL AND {published} "
        f'ORDER BY pa.published_at DESC, ap."order", ap.id LIMIT {PERSON_PHOTOS}) photos',
    )
    positions = _positions_json(
        d, "po.person_id = pe.id", ("_organization", ORGANIZATION, "organization")
    )
    document = d.object([*PERSON_PAGE.pairs("pe"), ("_positions", positions), ("_photos", photos)])
    return f"SELECT {document} FROM {PERSON.table} pe WHERE pe.slug = %(slug)s", fixed


@dataclass
class PersonPage:
    person: Person
    positions: list[Position]  # every position, with its organization
    photos: list[ArticlePhoto]  # the newest PERSON_PHOTOS captions showing them, published


def person_page(slug: str) -> PersonPage | None:
    """A person with their positions and the newest published photos showing them."""
    db = router.db_for_read(Person)
    connection = connections[db]
    sql, fixed = _person_page_sql(db)
    params = {
        **fixed,
        "slug": slug,
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    row = _fetchone(connection, "newsroom_person_page", sql, params)
    if row is None:
        return None
    data = Dialect(connection.vendor).load(row[0])
    person = PERSON_PAGE.build(data, db)
    positions = []
    for item in data["_positions"]:
        position = POSITION.build(item, db)
        Position.person.field.set_cached_value(position, person)
        organization = ORGANIZATION.build(item["_organization"], db)
        Position.organization.field.set_cached_value(position, organization)
        positions.append(position)
    photos = []
    for item in data["_photos"]:
        usage = ARTICLE_PHOTO.build(item, db)
        ArticlePhoto.photo.field.set_cached_value(usage, _photo(item["_photo"], db))
        ArticlePhoto.article.field.set_cached_value(usage, _article(CARD, item["_article"], db))
        photos.append(usage)
    photos.sort(key=lambda u: (-u.article.published_at.timestamp(), u.order, u.pk))
    return PersonPage(person=person, positions=positions, photos=photos)


@cache
def _organization_page_sql(db: str) -> str:
    d = Dialect(connections[db].vendor)
    related = {
        "_successor": d.one(
            d.object(BODY.pairs("su")), f"FROM {BODY.table} su WHERE su.id = o.successor_id"
        ),
        # Ancestors: the bodies named in this one's path ("/1/7/42/" holds their ids). On
        # PostgreSQL, looked up by id: the path prefix test read every body (0.18 of the
        # statement's 0.73 ms with 1,000 bodies).
        "_ancestors": d.array(
            d.object(BODY.pairs("an")),
            f"FROM {BODY.table} an WHERE "
            + (
                "an.id = ANY(string_to_array(btrim(o.path, '/'), '/')::bigint[])"
                if d.postgres
                else "o.path LIKE an.path || '%%'"
            )
            + " AND an.id <> o.id",
        ),
        "_children": d.array(
            d.object(BODY.pairs("ch")), f"FROM {BODY.table} ch WHERE ch.parent_id = o.id"
        ),
        "_predecessors": d.array(
            d.object(BODY.pairs("pr")), f"FROM {BODY.table} pr WHERE pr.successor_id = o.id"
        ),
        "_positions": _positions_json(
            d, "po.organization_id = o.id", ("_person", PERSON, "person")
        ),
    }
    document = d.object([*ORGANIZATION_PAGE.pairs("o"), *related.items()])
    return f"SELECT {document} FROM {ORGANIZATION_PAGE.table} o WHERE o.slug = %(slug)s"


@dataclass
class OrganizationPage:
    organization: Organization  # with .successor
    ancestors: list[Organization]  # from the root down
    children: list[Organization]  # by order, then name
    predecessors: list[Organization]  # by name
    positions: list[Position]  # every position in it, with its person


def organization_page(slug: str) -> OrganizationPage | None:
    """A body with its ancestors, children, predecessors, successor and positions."""
    db = router.db_for_read(Organization)
    connection = connections[db]
    # Prepared: every plan here is an index lookup by the body's id, whichever body it is.
    row = _fetchone(
        connection, "newsroom_organization_page", _organization_page_sql(db), {"slug": slug}
    )
    if row is None:
        return None
    data = Dialect(connection.vendor).load(row[0])
    organization = ORGANIZATION_PAGE.build(data, db)
    successor = BODY.build(data["_successor"], db) if data["_successor"] else None
    Organization.successor.field.set_cached_value(organization, successor)
    positions = []
    for item in data["_positions"]:
        position = POSITION.build(item, db)
        Position.organization.field.set_cached_value(position, organization)
        Position.person.field.set_cached_value(position, PERSON.build(item["_person"], db))
        positions.append(position)
    bodies = {
        key: [BODY.build(item, db) for item in data[key]]
        for key in ("_ancestors", "_children", "_predecessors")
    }
    return OrganizationPage(
        organization=organization,
        ancestors=sorted(bodies["_ancestors"], key=lambda o: o.depth),
        children=sorted(bodies["_children"], key=lambda o: (o.order, o.name, o.pk)),
        predecessors=sorted(bodies["_predecessors"], key=lambda o: (o.name, o.pk)),
        positions=positions,
    )


# ----------------------------------------------------------------------- lists

# Stand-ins for a list's values (ids) in its compiled conditions; each request puts its own in.
_STAND_IN = -720_520_100
_ARTICLES = '"articles_article"'
_NEWEST = f'{_ARTICLES}."published_at" DESC, {_ARTICLES}."id" DESC'


@cache
def _list_sql(db: str, name: str, build, count: int) -> tuple[str, dict, list]:
    """One list's statement: ``build(*values)`` gives its conditions (Q or Exists, one UNION
    branch each), or a QuerySet of the list's own index (a model with ``article`` and
    ``published_at``), compiled once with stand-ins for the values. Returns the SQL, its fixed
    parameters and, for each of the ``count`` values, the parameters it goes in."""
    connection = connections[db]
    stand_ins = [_STAND_IN - i for i in range(count)]
    moment = connection.ops.adapt_datetimefield_value(_MOMENT)
    fixed: dict = {}
    derived: list[tuple[str, int]] = []  # (parameter, value index)
    d = Dialect(connection.vendor)

    def where(queryset, prefix: re.Pattern) -> str:
        sql, params = queryset.query.get_compiler(db).as_sql()
        match = prefix.match(sql)
        if match is None:  # the prefix ends "FROM <table> WHERE": no JOIN before it
            raise ValueError(f"{name}: a list's condition must not join (use Exists or __in)")

        def keep(value) -> str:
            key = f"p{len(fixed) + len(derived)}"
            if value in stand_ins:
                derived.append((key, stand_ins.index(value)))
            else:
                fixed[key] = value
            return key

        return _named(sql[match.end() :], params, moment, keep)

    def published(condition) -> str:
        queryset = Article.objects.published(at=_MOMENT).filter(condition).order_by().values("id")
        return where(queryset, _LIST_PREFIX)

    conditions = build(*stand_ins)
    card = _article_json(d, CARD, _ARTICLES, "c", joined_section=True)
    section = f"LEFT JOIN {SECTION.table} c_s ON c_s.id = {_ARTICLES}.section_id"
    rows = f"SELECT {card} FROM {_ARTICLES} {section}"
    if isinstance(conditions, QuerySet):
        # The list's own index (PersonAppearance…): its rows name the articles with their
        # publication time, read newest first from one index scan, each article then checked
        # by published() itself. One plan suits every value.
        index = f'"{conditions.model._meta.db_table}"'
        listed = conditions.filter(published_at__lte=_MOMENT).order_by().values("article_id")
        prefix = re.compile(
            rf'^SELECT {index}\."article_id"(?: AS "article_id")? FROM {index} WHERE '
        )
        return (
            f"SELECT {card} FROM {index} "
            f'JOIN {_ARTICLES} ON {_ARTICLES}."id" = {index}."article_id" {section} '
            f"WHERE {where(listed, prefix)} AND {published(Q())} "
            f'ORDER BY {index}."published_at" DESC, {index}."article_id" DESC '
            f"LIMIT %(limit)s OFFSET %(offset)s",
            fixed,
            derived,
        )
    if len(conditions) == 1:
        sql = f"{rows} WHERE {published(conditions[0])}"
    else:
        # The newest ``stop`` of each branch hold the newest ``stop`` of their union; each
        # branch walks its own index (the home page's blocks: one branch a section).
        branches = " UNION ".join(
            f'SELECT id FROM (SELECT {_ARTICLES}."id" FROM {_ARTICLES} '
            f"WHERE {published(condition)} ORDER BY {_NEWEST} LIMIT %(stop)s) b{i}"
            for i, condition in enumerate(conditions)
        )
        sql = f'{rows} WHERE {_ARTICLES}."id" IN ({branches})'
    sql += f" ORDER BY {_NEWEST} LIMIT %(limit)s OFFSET %(offset)s"
    return sql, fixed, derived


class Cards:
    """Published articles meeting any of ``build(*values)``'s conditions, newest first, as list
    rows (CARD's fields, section, featured photo and its renditions): one
    statement per slice, written once per list and prepared on PostgreSQL. What a list
    contains stays a Django condition or QuerySet (selectors.py), compiled with stand-ins for
    the values.

    Slices only (``PeekPaginator`` takes ``[bottom:top]``); values are ids."""

    def __init__(self, name: str, build, *values, prepare: bool = False):
        # prepare: only where one plan suits every value. A prepared statement runs its
        # generic plan (_fetch), and the right plan for an author's or a tag's articles
        # depends on how many there are: walking the newest articles for a frequent one,
        # starting from the few for a rare one (a generic plan for a person's articles, before
        # PersonAppearance, took 55 ms where planning anew took 3).
        self.name, self.build, self.values, self.prepare = name, build, values, prepare

    def __getitem__(self, key: slice) -> list[Article]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Cards takes a slice without a step.")
        start, stop = key.start or 0, key.stop
        if stop is None or stop <= start:
            return []
        return self._read(stop=stop, limit=stop - start, offset=start)

    def each(self, count: int) -> list[Article]:
        """The newest ``count`` of every condition (the home page's section blocks)."""
        return self._read(stop=count, limit=count * len(self.values), offset=0)

    def exists(self) -> bool:
        return bool(self[0:1])

    def _read(self, *, stop: int, limit: int, offset: int) -> list[Article]:
        db = router.db_for_read(Article)
        connection = connections[db]
        sql, fixed, derived = _list_sql(db, self.name, self.build, len(self.values))
        params = {
            **fixed,
            "now": connection.ops.adapt_datetimefield_value(timezone.now()),
            "stop": stop,
            "limit": limit,
            "offset": offset,
        }
        for key, index in derived:
            params[key] = self.values[index]
        if "%(stop)s" not in sql:
            del params["stop"]
        name = f"newsroom_list_{self.name}_{len(self.values)}" if self.prepare else None
        rows = _fetch(connection, name, sql, params)
        d, sections = Dialect(connection.vendor), {}
        return [_article(CARD, d.load(row[0]), db, sections) for row in rows]
