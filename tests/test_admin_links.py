import pytest

from articles.roles import ROLE_REPORTER, ROLE_RESEARCHER

from .factories import make_staff

pytestmark = pytest.mark.django_db


def test_the_admin_links_researchers_to_the_staff_search(client):
    client.force_login(make_staff(ROLE_RESEARCHER))
    page = client.get("/admin/").content.decode()
    assert 'href="/tra-cuu/"' in page and "Tra cứu bài viết" in page


def test_reporters_get_no_staff_search_link(client):
    client.force_login(make_staff(ROLE_REPORTER))
    page = client.get("/admin/").content.decode()
    assert 'href="/tra-cuu/"' not in page
