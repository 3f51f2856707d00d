"""The newsroom's roles as Django groups, and the permissions each one holds.

``ensure_roles()`` is the only writer of these groups: it runs after every ``migrate``
(``ArticlesConfig.ready`` connects it to ``post_migrate``) and from the ``setup_roles``
command, and sets each group's permissions to exactly the lists below. What a permission
allows on one article (whose draft, which status) is decided in ``articles/workflow.py``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ROLE_REPORTER = "Phóng viên"
ROLE_EDITOR = "Biên tập viên"
ROLE_EDITOR_IN_CHIEF = "Tổng biên tập"
ROLE_RESEARCHER = "Tra cứu"
ROLES = (ROLE_REPORTER, ROLE_EDITOR, ROLE_EDITOR_IN_CHIEF, ROLE_RESEARCHER)

# The inline rows an article owns: whoever may edit the article edits them.
_ARTICLE_PARTS = ("byline", "articlephoto", "personmention", "organizationmention")
# What an article links to and every role must be able to look up (autocomplete needs view).
_REFERENCE = (
    "articles.section",
    "articles.photo",
    "articles.articletransition",
    "people.person",
    "people.position",
    "people.author",
    "organizations.organization",
)


def _perms(model: str, *actions: str) -> list[str]:
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


def _view(*models: str) -> list[str]:
    return [perm for model in models for perm in _perms(model, "view")]


_READ_ARTICLES = [
    *_perms("articles.article", "view"),
    *_view(*(f"articles.{part}" for part in _ARTICLE_PARTS)),
    *_view(*_REFERENCE),
]

_REPORTER = [
    *_READ_ARTICLES,
    *_perms("articles.article", "add", "change"),
    *(
        perm
        for part in _ARTICLE_PARTS
        for perm in _perms(f"articles.{part}", "add", "change", "delete")
    ),
    *_perms("articles.photo", "add", "change"),
]

_EDITOR = [
    *_REPORTER,
    "articles.edit_any_article",
    "articles.review_article",
    "articles.publish_article",
    "articles.view_staff_search",
    # Detected names not yet in the directory: editors see them; accepting one creates a
    # person and a position, which is the editor-in-chief's.
    *_view("articles.mentionproposal"),
]

_EDITOR_IN_CHIEF = [
    *_EDITOR,
    *_perms("articles.article", "delete"),
    *_perms("articles.photo", "delete"),
    *_perms("articles.section", "add", "change", "delete"),
    *_perms("articles.tag", "add", "change", "delete", "view"),
    *_perms("articles.mentionproposal", "change", "delete"),
    *_perms("people.person", "add", "change", "delete"),
    *_perms("people.position", "add", "change", "delete"),
    *_perms("people.author", "add", "change", "delete"),
    *_perms("organizations.organization", "add", "change", "delete"),
    *_perms("auth.user", "add", "change", "delete", "view"),
    *_perms("auth.group", "view"),
]

_RESEARCHER = [*_READ_ARTICLES, "articles.view_staff_search"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    ROLE_REPORTER: _REPORTER,
    ROLE_EDITOR: _EDITOR,
    ROLE_EDITOR_IN_CHIEF: _EDITOR_IN_CHIEF,
    ROLE_RESEARCHER: _RESEARCHER,
}


def _permission_objects(names: set[str]) -> dict[str, Permission]:
    found = {}
    for perm in Permission.objects.filter(
        content_type__app_label__in={name.split(".")[0] for name in names}
    ).select_related("content_type"):
        found[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    return found


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create or update the four role groups with exactly their permissions (idempotent)."""
    wanted = {name for perms in ROLE_PERMISSIONS.values() for name in perms}
    found = _permission_objects(wanted)
    if not wanted <= found.keys():
        # On a fresh database this runs inside post_migrate, possibly before auth has
        # created the permissions of every app: create them now (idempotent).
        for app_config in global_apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        found = _permission_objects(wanted)
    missing = sorted(wanted - found.keys())
    if missing:
        raise LookupError(f"Permissions not found: {', '.join(missing)}")

    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([found[name] for name in sorted(set(names))])
        groups[role] = group
    return groups


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: the roles exist on every migrated database, test ones too."""
    ensure_roles()
