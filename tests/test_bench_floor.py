"""The benchmark's floor view (newsroom/floor.py) exists only when the benchmark asks for it."""

import importlib.util
import sys

import pytest
from django.urls import NoReverseMatch, reverse

import newsroom.urls
from newsroom import floor

FLOOR_URL = "/" + floor.FLOOR_PATH

pytestmark = pytest.mark.django_db


def test_floor_is_off_by_default(client, settings):
    assert settings.BENCH_FLOOR_VIEW is False
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")
    assert client.get(FLOOR_URL).status_code == 404


@pytest.fixture
def floor_urls(settings):
    """The project's URLconf as the benchmark's server imports it, with BENCH_FLOOR=1."""
    settings.BENCH_FLOOR_VIEW = True
    spec = importlib.util.spec_from_file_location("bench_floor_urls", newsroom.urls.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    settings.ROOT_URLCONF = spec.name
    yield
    del sys.modules[spec.name]


def test_floor_when_on_answers_through_the_whole_middleware(client, floor_urls):
    assert reverse("bench-floor") == FLOOR_URL
    response = client.get(FLOOR_URL)
    assert response.status_code == 200
    assert response.content == b"ok"
    # The same middleware as every page: security headers and the CSP are on it too.
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
    # The public pages still resolve beside it.
    assert client.get("/").status_code == 200
