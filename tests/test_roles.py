"""Roles are groups made by code (post_migrate and `setup_roles`), never by hand."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.roles import (
    ROLE_EDITOR,
    ROLE_EDITOR_IN_CHIEF,
    ROLE_PERMISSIONS,
    ROLE_REPORTER,
    ROLE_RESEARCHER,
    ROLES,
    ensure_roles,
)

from .factories import make_staff

pytestmark = pytest.mark.django_db


def perms_of(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_four_roles_exist_on_a_freshly_migrated_database():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for role in ROLES:
        assert perms_of(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


def test_staff_search_permission_has_its_agreed_name():
    perm = Permission.objects.get(content_type__app_label="articles", codename="view_staff_search")
    assert perm.name == "Tra cứu bài viết"
    researcher = make_staff(ROLE_RESEARCHER)
    assert researcher.has_perm("articles.view_staff_search")
    assert not make_staff(ROLE_REPORTER).has_perm("articles.view_staff_search")


def test_ensure_roles_is_idempotent_and_restores_the_declared_permissions():
    reporter = Group.objects.get(name=ROLE_REPORTER)
    reporter.permissions.remove(Permission.objects.get(codename="add_article"))
    reporter.permissions.add(Permission.objects.get(codename="publish_article"))
    first = ensure_roles()
    second = ensure_roles()
    assert {name: group.pk for name, group in first.items()} == {
        name: group.pk for name, group in second.items()
    }
    assert Group.objects.filter(name__in=ROLES).count() == 4
    assert perms_of(reporter) == set(ROLE_PERMISSIONS[ROLE_REPORTER])
    assert "articles.publish_article" not in perms_of(reporter)


def test_setup_roles_command_reports_each_role():
    Group.objects.filter(name=ROLE_EDITOR).delete()
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert Group.objects.filter(name=ROLE_EDITOR).exists()
    for role in ROLES:
        assert role in out.getvalue()


def test_researchers_only_read():
    researcher = make_staff(ROLE_RESEARCHER)
    granted = researcher.get_all_permissions()
    assert granted
    assert all(perm.split(".")[1].startswith("view_") for perm in granted), sorted(granted)


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        (ROLE_REPORTER, "articles.add_article", True),
        (ROLE_REPORTER, "articles.add_photo", True),
        (ROLE_REPORTER, "articles.publish_article", False),
        (ROLE_REPORTER, "articles.edit_any_article", False),
        (ROLE_REPORTER, "articles.delete_article", False),
        (ROLE_REPORTER, "articles.change_section", False),
        (ROLE_EDITOR, "articles.publish_article", True),
        (ROLE_EDITOR, "articles.review_article", True),
        (ROLE_EDITOR, "articles.edit_any_article", True),
        (ROLE_EDITOR, "articles.change_section", False),
        (ROLE_EDITOR, "people.change_person", False),
        (ROLE_EDITOR, "auth.add_user", False),
        (ROLE_EDITOR_IN_CHIEF, "articles.publish_article", True),
        (ROLE_EDITOR_IN_CHIEF, "articles.add_section", True),
        (ROLE_EDITOR_IN_CHIEF, "people.change_person", True),
        (ROLE_EDITOR_IN_CHIEF, "people.add_author", True),
        (ROLE_EDITOR_IN_CHIEF, "organizations.change_organization", True),
        (ROLE_EDITOR_IN_CHIEF, "auth.change_user", True),
        (ROLE_EDITOR_IN_CHIEF, "articles.delete_article", True),
        (ROLE_RESEARCHER, "articles.view_article", True),
        (ROLE_RESEARCHER, "people.view_person", True),
        (ROLE_RESEARCHER, "articles.change_article", False),
    ],
)
def test_role_permissions(role, perm, expected):
    assert make_staff(role).has_perm(perm) is expected


@pytest.mark.django_db(transaction=True)
def test_roles_come_back_after_a_flush():
    """Transactional tests flush the database; post_migrate puts the roles back."""
    call_command("flush", verbosity=0, interactive=False)
    assert Group.objects.filter(name__in=ROLES).count() == 4


def test_an_editor_in_chief_manages_accounts_but_cannot_make_superusers(client):
    chief = make_staff(ROLE_EDITOR_IN_CHIEF)
    reporter = make_staff(ROLE_REPORTER)
    client.force_login(chief)
    page = client.get(f"/admin/auth/user/{reporter.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert "groups" in form.fields and "is_staff" in form.fields
    assert client.get("/admin/auth/user/add/").status_code == 200
    assert client.get("/admin/articles/section/add/").status_code == 200
    client.force_login(make_staff(ROLE_EDITOR))
    assert client.get(f"/admin/auth/user/{reporter.pk}/change/").status_code == 403
    assert client.get("/admin/articles/section/add/").status_code == 403
