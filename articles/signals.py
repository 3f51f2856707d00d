"""Cache invalidation only: any change a reader could see bumps the site generation.

No business rules here (STYLE.md). Handlers are connected in ``ArticlesConfig.ready()``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from organizations.models import Organization
from people.models import Author, Person, Position

from .cache import bump_site_generation_on_commit, note_scheduled_publication
from .models import (
    Article,
    ArticlePhoto,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
    Tag,
    TaggedArticle,
)

# Everything a public page prints. Saving a draft also bumps: a cheap INCR, and the admin
# saves an article and its inlines in one transaction, so one bump per save.
WATCHED_MODELS = (
    Article,
    ArticlePhoto,
    Byline,
    PersonMention,
    OrganizationMention,
    Photo,
    Section,
    Person,
    Position,
    Organization,
    Author,
    Tag,
    TaggedArticle,
)
WATCHED_M2M = (
    Article.related_articles.through,
    ArticlePhoto.people.through,
    PersonMention.positions.through,
)


def invalidate_public_pages(sender, **kwargs):
    bump_site_generation_on_commit()


def invalidate_menu(sender, **kwargs):
    from .selectors import forget_menu_sections

    forget_menu_sections()


def remember_schedule(sender, instance, **kwargs):
    if instance.is_scheduled:
        note_scheduled_publication(instance.published_at)


def connect():
    for model in WATCHED_MODELS:
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(invalidate_public_pages, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_public_pages, sender=model, dispatch_uid=f"{uid}-delete")
    for through in WATCHED_M2M + (Article.tags.through,):
        m2m_changed.connect(
            invalidate_public_pages,
            sender=through,
            dispatch_uid=f"public-cache-m2m-{through._meta.label_lower}",
        )
    post_save.connect(remember_schedule, sender=Article, dispatch_uid="public-cache-schedule")
    post_save.connect(invalidate_menu, sender=Section, dispatch_uid="public-menu-save")
    post_delete.connect(invalidate_menu, sender=Section, dispatch_uid="public-menu-delete")
