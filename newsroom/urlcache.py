"""``reverse()`` and ``static()`` remembered: a URL is a function of the URLconf, the script
prefix and the arguments alone, and a public list prints the same few dozen of them on every
request.

Django's ``reverse()`` checks its result against the pattern's regular expression each time
(about 50-90 µs); a home page prints some 80 URLs of articles, sections and people.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=16384)
def _reverse(urlconf: str, prefix: str, viewname: str, kwargs: tuple) -> str:
    url = reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
    current = get_script_prefix()  # what reverse() put in front; the key's is ``prefix``
    return url if current == prefix else prefix + url[len(current) :]


def cached_reverse(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, computed once per process for each argument set."""
    return reverser()(viewname, **kwargs)


def reverser():
    """``cached_reverse`` bound to the current URLconf and script prefix, for a list that prints
    many URLs: reading those two request-local values is half of a remembered URL's cost."""
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()

    def reverse_(viewname: str, **kwargs) -> str:
        return _reverse(urlconf, prefix, viewname, tuple(sorted(kwargs.items())))

    return reverse_


@lru_cache(maxsize=256)
def cached_static(path: str) -> str:
    """``static(path)``, once per process: the manifest of hashed names is fixed at deploy."""
    return static(path)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        cached_static.cache_clear()


setting_changed.connect(_forget, dispatch_uid="newsroom.urlcache")
