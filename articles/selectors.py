"""Reads for the public site that span several models. All start from ``published()``."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsroom.text import fold_label
from organizations.models import Organization
from people.models import Author, Person, Position

from .documents import Cards
from .models import (
    Article,
    Byline,
    OrganizationAppearance,
    OrganizationMention,
    PersonAppearance,
    PersonMention,
    Section,
    TaggedArticle,
)

logger = logging.getLogger(__name__)


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


# What each public list holds, as conditions on published articles. documents.Cards compiles
# each function once with stand-ins for its values and reads the rows in one statement; a
# function returning several conditions is a list of articles meeting any of them, one
# returning a QuerySet of an appearance table (PersonAppearance…) reads the list's articles
# from that table's own index.


def _everything() -> list:
    return [Q()]


def latest_articles() -> Cards:
    return Cards("latest", _everything, prepare=True)


def _in_sections(*section_ids) -> list:
    return [Q(section_id=section_id) for section_id in section_ids]


def section_articles(section: Section) -> Cards:
    return Cards("section", _in_sections, section.pk, prepare=True)


def latest_by_section(sections, per_section: int) -> dict[int, list[Article]]:
    """The newest ``per_section`` published articles of each section, in one query."""
    sections = list(sections)
    blocks: dict[int, list[Article]] = {section.pk: [] for section in sections}
    if sections:
        cards = Cards("blocks", _in_sections, *(section.pk for section in sections), prepare=True)
        for article in cards.each(per_section):
            blocks[article.section_id].append(article)
    return blocks


def _showing_person(person_id) -> QuerySet:
    return PersonAppearance.objects.filter(person_id=person_id)


def articles_mentioning_person(person: Person) -> Cards:
    """Published articles with a confirmed mention of ``person`` or a caption showing them, from
    PersonAppearance (its triggers keep it): one index scan, newest first, the same plan for
    a person named in a fifth of the archive and for one named twice."""
    return Cards("person", _showing_person, person.pk, prepare=True)


def timeline(positions: list[Position], day=None) -> tuple[list[Position], list[Position]]:
    """(held on ``day`` (today), the others), newest first: a person's career."""
    day = day or timezone.localdate()
    current = [p for p in positions if p.is_held_on(day)]
    past = [p for p in positions if not p.is_held_on(day)]

    def started(position) -> float:  # later first; an open start first, as PostgreSQL sorts
        return -(position.started_on.toordinal() if position.started_on else float("inf"))

    current.sort(key=lambda p: (p.order, started(p), p.pk))
    # Ended last first (a position yet to start, with no end, after them all), then by start.
    past.sort(
        key=lambda p: (
            p.ended_on is None,
            -p.ended_on.toordinal() if p.ended_on else 0,
            started(p),
            p.order,
            p.pk,
        )
    )
    return current, past


def _naming_subtree(organization_id) -> QuerySet:
    return OrganizationAppearance.objects.filter(organization_id=organization_id)


def articles_mentioning_organization(organization: Organization) -> Cards:
    """Published articles with a confirmed mention of ``organization`` or any organization
    below, from OrganizationAppearance (its triggers keep it): one index scan, newest first."""
    return Cards("organization", _naming_subtree, organization.pk, prepare=True)


# How a body lists its people: the head, the deputies, then the members. Longest prefix wins.
TITLE_RANK = [
    "bi thu", "pho bi thu thuong truc", "pho bi thu", "chu tich", "pho chu tich",
    "truong", "pho truong", "giam doc", "pho giam doc", "chu nhiem", "pho chu nhiem",
    "chanh van phong", "pho chanh van phong", "uy vien ban thuong vu", "uy vien",
]  # fmt: skip


def title_rank(title: str) -> int:
    folded = fold_label(title)
    matches = [prefix for prefix in TITLE_RANK if folded.startswith(prefix)]
    return TITLE_RANK.index(max(matches, key=len)) if matches else len(TITLE_RANK)


def rank_officials(positions: list[Position], day=None) -> list[Position]:
    """The positions held on ``day`` (today), heads first, then by name."""
    day = day or timezone.localdate()
    held = [position for position in positions if position.is_held_on(day)]
    return sorted(
        held, key=lambda p: (title_rank(p.title), p.order, fold_label(p.person.full_name), p.pk)
    )


def _by_author(author_id) -> list:
    return [Q(pk__in=Byline.objects.filter(author_id=author_id).values("article_id"))]


def articles_by_author(author: Author) -> Cards:
    return Cards("author", _by_author, author.pk)


def _tagged(tag_id) -> list:
    return [Q(pk__in=TaggedArticle.objects.filter(tag_id=tag_id).values("content_object_id"))]


def articles_tagged(tag) -> Cards:
    return Cards("tag", _tagged, tag.pk)


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
