import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization

from .factories import make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = make_organization("Tỉnh ủy")
    district = make_organization("Huyện ủy Cao Lộc", parent=root)
    town = make_organization("Đảng bộ thị trấn Đồng Đăng", parent=district)
    cell = make_organization("Chi bộ Khu 1", parent=town)
    other = make_organization("Đảng ủy Khối các cơ quan tỉnh", parent=root)
    return root, district, town, cell, other


def test_path_and_depth_follow_parent(tree):
    root, district, town, cell, _ = tree
    assert root.path == f"/{root.pk}/" and root.depth == 0
    assert cell.path == f"/{root.pk}/{district.pk}/{town.pk}/{cell.pk}/" and cell.depth == 3


def test_descendants_in_one_query(tree, django_assert_num_queries):
    root, district, town, cell, other = tree
    with django_assert_num_queries(1):
        assert set(root.get_descendants()) == {district, town, cell, other}
    with django_assert_num_queries(1):
        assert set(district.get_descendants(include_self=True)) == {district, town, cell}


def test_ancestors_in_one_query(tree, django_assert_num_queries):
    root, district, town, cell, _ = tree
    with django_assert_num_queries(1):
        assert list(cell.get_ancestors()) == [root, district, town]
    assert list(root.get_ancestors()) == []


def test_moving_a_subtree_rewrites_descendant_paths(tree):
    root, district, town, cell, other = tree
    town.parent = other
    town.save()
    cell.refresh_from_db()
    assert cell.path == f"/{root.pk}/{other.pk}/{town.pk}/{cell.pk}/"
    assert cell.depth == 3
    assert set(other.get_descendants()) == {town, cell}
    assert set(district.get_descendants()) == set()


def test_an_organization_cannot_be_its_own_ancestor(tree):
    root, district, town, cell, _ = tree
    district.parent = cell
    with pytest.raises(ValidationError) as error:
        district.full_clean()
    assert "parent" in error.value.message_dict
    root.parent = root
    with pytest.raises(ValidationError):
        root.full_clean()


def test_subtree_of_several(tree):
    root, district, town, cell, other = tree
    assert set(Organization.objects.subtree_of(town, other)) == {town, cell, other}


def test_descendant_query_is_a_prefix_match(tree):
    root = tree[0]
    with CaptureQueriesContext(connection) as queries:
        list(root.get_descendants())
    assert "LIKE" in queries[0]["sql"].upper()
