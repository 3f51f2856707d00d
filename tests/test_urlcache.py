"""newsroom.urlcache.cached_reverse: the same URLs as reverse(), computed once."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from newsroom.urlcache import _reverse, cached_reverse, reverser

from .factories import make_article, make_person


@pytest.mark.django_db
def test_same_urls_as_reverse():
    article, person = make_article("Tin mới"), make_person("Hoàng Văn Nghiệm")
    kwargs = {"section": article.section.slug, "slug": article.slug, "pk": article.pk}
    assert cached_reverse("articles:detail", **kwargs) == reverse("articles:detail", kwargs=kwargs)
    assert article.get_absolute_url() == reverse("articles:detail", kwargs=kwargs)
    assert person.get_absolute_url() == f"/nhan-vat/{person.slug}/"
    hits = _reverse.cache_info().hits
    assert article.get_absolute_url() == reverse("articles:detail", kwargs=kwargs)
    assert _reverse.cache_info().hits == hits + 1


def test_a_script_prefix_is_part_of_the_key():
    plain = cached_reverse("articles:person", slug="hoang-van-nghiem")
    set_script_prefix("/bao/")
    try:
        assert cached_reverse("articles:person", slug="hoang-van-nghiem") == "/bao" + plain
    finally:
        set_script_prefix("/")


def test_a_reverser_keeps_the_prefix_it_was_made_under():
    plain = reverser()
    set_script_prefix("/bao/")
    try:
        prefixed = reverser()
        assert prefixed("articles:person", slug="a") == "/bao" + plain("articles:person", slug="a")
        assert cached_reverse("articles:person", slug="a") == prefixed("articles:person", slug="a")
    finally:
        set_script_prefix("/")


urlpatterns = []  # an empty URLconf: this module


def test_another_urlconf_is_not_answered_from_the_cache(settings):
    assert cached_reverse("articles:person", slug="hoang-van-nghiem")
    settings.ROOT_URLCONF = __name__
    with pytest.raises(NoReverseMatch):
        cached_reverse("articles:person", slug="hoang-van-nghiem")
