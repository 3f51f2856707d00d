"""A database outage gives readers a clean 503 page, and the site recovers by itself.

``DatabaseUnavailableMiddleware`` catches the outage in a view; ``server_error`` (the root
URLconf's ``handler500``) catches it anywhere else, such as the session middleware. Both
render ``503.html`` without a request context, so the page itself needs no database.
Recovery needs nothing here: ``CONN_HEALTH_CHECKS`` makes the next request drop the broken
connection and open a new one.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("newsroom.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_ERRORS)


def service_unavailable(request=None) -> HttpResponse:
    """The 503 page; after a form was sent it also says that it may not have been saved."""
    html = render_to_string(
        "503.html",
        {
            "SITE_NAME": settings.SITE_NAME,
            "retry_after": RETRY_AFTER_SECONDS,
            # The view's transaction was rolled back: the editor must not think it was saved.
            "unsaved": request is not None and request.method not in ("GET", "HEAD", "OPTIONS"),
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return service_unavailable(request)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a 503 when the error was the database going away, else the usual 500."""
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    html = render_to_string(template_name, {"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
