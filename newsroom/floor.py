"""The framework's floor for ``make bench-pages``: the cheapest page Django serves here.

It runs through the same middleware as every page and does nothing else, so a page's
requests per second divided by the floor's is the share of the framework's speed that the
page keeps. Mounted only when ``settings.BENCH_FLOOR_VIEW`` (env ``BENCH_FLOOR=1``) is
true, which the benchmark sets for its own server and production never does.
"""

from django.http import HttpResponse

FLOOR_PATH = "__bench__/floor/"


def floor(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
