"""Reads for the public site that span several models. All start from ``published()``."""

import logging
import operator
from datetime import timedelta
from functools import reduce

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import F, RawSQL, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from newsroom.text import fold
from organizations.models import Organization
from people.models import Author, Person, Position

from .models import Article, ArticlePhoto, OrganizationMention, PersonMention, Section
from .photos import renditions_prefetch


def published_articles() -> QuerySet:
    """What readers may see, shaped for a list."""
    return Article.objects.published().for_public_list()


logger = logging.getLogger(__name__)
NEWEST_FIRST = (F("published_at").desc(), F("pk").desc())


def active_sections() -> QuerySet:
    return Section.objects.filter(is_active=True)


MENU_CACHE_KEY = "public:menu-sections"
# Emptied whenever a section is saved or deleted; the timeout bounds a change that sends no
# signal (QuerySet.update() in a shell).
MENU_CACHE_TIMEOUT = 3600


def menu_sections() -> list[Section]:
    """The active sections in menu order, from the shared cache: every public page shows them
    and they change a few times a year, so a page spends no query on them."""
    try:
        sections = cache.get(MENU_CACHE_KEY)
    except Exception:  # the cache is down: the database still answers
        logger.warning("Cache unavailable for the section menu", exc_info=True)
        return list(active_sections())
    if sections is None:
        sections = list(active_sections())
        try:
            cache.set(MENU_CACHE_KEY, sections, MENU_CACHE_TIMEOUT)
        except Exception:
            logger.warning("Cache unavailable for the section menu", exc_info=True)
    return sections


def _delete_menu() -> None:
    try:
        cache.delete(MENU_CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable for the section menu", exc_info=True)


def forget_menu_sections() -> None:
    """Drop the cached menu now, and again when the transaction commits (a page rendered
    meanwhile may have cached the rows as they were before the change)."""
    _delete_menu()
    transaction.on_commit(_delete_menu, robust=True)


_SECTION_SENTINEL = -720_520_22  # stands for a section id in the compiled branch


def _newest_per_section(sections, per_section: int):
    """The ids, as one UNION ALL of a ``LIMIT`` per section. The branch is compiled once and
    repeated with each section's id: compiling ten querysets cost more than running them."""

    def branch(section_id):
        return (
            Article.objects.published()
            .filter(section_id=section_id)
            .order_by(*NEWEST_FIRST)
            .values("pk")[:per_section]
        )

    sql, params = branch(_SECTION_SENTINEL).query.sql_with_params()
    if list(params).count(_SECTION_SENTINEL) != 1:  # compiled otherwise: the plain way
        per = [branch(section.pk) for section in sections]
        return per[0].union(*per[1:], all=True) if len(per) > 1 else per[0]
    at = list(params).index(_SECTION_SENTINEL)
    all_params = []
    for section in sections:
        section_params = list(params)
        section_params[at] = section.pk
        all_params += section_params
    return RawSQL(" UNION ALL ".join(f"({sql})" for _ in sections), all_params)


def latest_by_section(sections, per_section: int) -> dict[int, list[Article]]:
    """The newest ``per_section`` published articles of each section, in one query."""
    sections = list(sections)
    if not sections:
        return {}
    newest_first = [F("published_at").desc(), F("pk").desc()]
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one indexed LIMIT per section, glued by UNION ALL.
        rows = published_articles().filter(pk__in=_newest_per_section(sections, per_section))
    else:
        # SQLite cannot LIMIT inside a compound query; rank within each section instead.
        rows = (
            published_articles()
            .filter(section__in=sections)
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("section_id")], order_by=newest_first)
            )
            .filter(rank__lte=per_section)
        )
    blocks: dict[int, list[Article]] = {section.pk: [] for section in sections}
    for article in rows.order_by(*newest_first):
        blocks[article.section_id].append(article)
    return blocks


def attach_positions_on_date(people: list[Person], day) -> None:
    """Give each person ``positions_on_date``: what they held on ``day``, one query for all."""
    prefetch_related_objects(
        people,
        Prefetch(
            "positions",
            queryset=Position.objects.held_on(day).select_related("organization"),
            to_attr="positions_on_date",
        ),
    )


class NewestAmong:
    """Published articles that meet any of ``conditions`` (each an ``Exists``), newest first,
    for a paginator that slices (``pagination.PeekPaginator``) without reading the whole set.

    On PostgreSQL each condition is its own ``ORDER BY … LIMIT`` branch of a UNION: a single
    EXISTS is a semi-join that the planner answers the right way round for the name at hand,
    walking the newest articles for someone in a fifth of the archive and starting from the
    mentions for someone named twice. "EXISTS a OR EXISTS b" cannot be a semi-join (it walks
    every article for a rare name), and "id IN (a UNION b)" reads and sorts every id of a
    popular one (0.2 s for 20,000 articles).
    """

    def __init__(self, *conditions):
        self.conditions = conditions

    def _branches(self) -> list[QuerySet]:
        return [Article.objects.published().filter(condition) for condition in self.conditions]

    def _any(self) -> Q:
        return reduce(operator.or_, (Q(condition) for condition in self.conditions))

    def _split(self) -> bool:
        return (
            len(self.conditions) > 1 and connection.features.supports_slicing_ordering_in_compound
        )

    def __getitem__(self, key: slice) -> list[Article]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("NewestAmong takes a slice without a step.")
        start, stop = key.start or 0, key.stop
        if not self._split():
            rows = published_articles().filter(self._any())
        else:
            # The newest ``stop`` of each branch hold the newest ``stop`` of their union.
            branches = [
                branch.order_by(*NEWEST_FIRST).values("pk")[:stop] for branch in self._branches()
            ]
            rows = published_articles().filter(pk__in=branches[0].union(*branches[1:]))
        return list(rows.order_by(*NEWEST_FIRST)[start:stop])


def articles_mentioning_person(person: Person) -> NewestAmong:
    """Published articles with a confirmed mention of ``person`` or a caption showing them."""
    return NewestAmong(
        Exists(PersonMention.objects.filter(article=OuterRef("pk"), person=person, confirmed=True)),
        Exists(ArticlePhoto.objects.filter(article=OuterRef("pk"), people=person)),
    )


def photos_of_person(person: Person) -> QuerySet:
    """Captions of published articles in which ``person`` is shown, newest first."""
    return (
        ArticlePhoto.objects.filter(
            people=person, photo__isnull=False, article__in=Article.objects.published()
        )
        .select_related("photo", "article__section")
        .prefetch_related(renditions_prefetch("photo"))
        .order_by("-article__published_at", "order", "pk")
    )


def positions_of_person(person: Person) -> tuple[list[Position], list[Position]]:
    """(current, other) positions, newest first: a timeline."""
    current = person.positions.current().select_related("organization")
    timeline = ["-started_on", "order", "pk"]
    past = (
        person.positions.exclude(pk__in=current.values("pk"))
        .select_related("organization")
        .order_by(F("ended_on").desc(nulls_last=True), *timeline)
    )
    return list(current.order_by("order", *timeline)), list(past)


def articles_mentioning_organization(organization: Organization) -> QuerySet:
    """Published articles with a confirmed mention of ``organization`` or any organization below."""
    subtree = Organization.objects.subtree_of(organization)
    mentioned = OrganizationMention.objects.filter(organization__in=subtree, confirmed=True).values(
        "article_id"
    )
    return published_articles().filter(pk__in=mentioned)


# How a body lists its people: the head, the deputies, then the members. Longest prefix wins.
TITLE_RANK = [
    "bi thu", "pho bi thu thuong truc", "pho bi thu", "chu tich", "pho chu tich",
    "truong", "pho truong", "giam doc", "pho giam doc", "chu nhiem", "pho chu nhiem",
    "chanh van phong", "pho chanh van phong", "uy vien ban thuong vu", "uy vien",
]  # fmt: skip


def title_rank(title: str) -> int:
    folded = fold(title)
    matches = [prefix for prefix in TITLE_RANK if folded.startswith(prefix)]
    return TITLE_RANK.index(max(matches, key=len)) if matches else len(TITLE_RANK)


def current_officials(organization: Organization) -> list[Position]:
    """Who holds a position in ``organization`` today, heads first, then by name."""
    positions = (
        Position.objects.current().filter(organization=organization).select_related("person")
    )
    return sorted(
        positions,
        key=lambda p: (title_rank(p.title), p.order, fold(p.person.full_name), p.pk),
    )


def articles_by_author(author: Author) -> QuerySet:
    return published_articles().filter(pk__in=author.bylines.values("article_id"))


def articles_tagged(tag) -> QuerySet:
    return published_articles().filter(tags=tag)


def news_sitemap_articles(limit: int = 1000) -> QuerySet:
    """Google News takes articles of the last two days, at most 1,000."""
    since = timezone.now() - timedelta(days=2)
    return Article.objects.published().for_sitemap().filter(published_at__gte=since)[:limit]


def people_with_published_mentions() -> QuerySet:
    mentioned = PersonMention.objects.filter(
        confirmed=True, article__in=Article.objects.published()
    ).values("person_id")
    return Person.objects.filter(pk__in=mentioned)


def organizations_with_published_mentions() -> QuerySet:
    mentioned = OrganizationMention.objects.filter(
        confirmed=True, article__in=Article.objects.published()
    ).values("organization_id")
    return Organization.objects.filter(pk__in=mentioned)


def authors_with_published_articles() -> QuerySet:
    signed = Article.objects.published().values("bylines__author_id")
    return Author.objects.filter(pk__in=signed)
