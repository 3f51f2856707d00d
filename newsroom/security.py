"""Content-Security-Policy for every response (Django 5.2 has none built in).

The public site runs on static files only: no inline script or style, so its policy allows
nothing but the site's own origin. The admin needs inline styles (Django's change list and
the rich-text editor set them) and the import map django-prose-editor prints inline; that map
is allowed by its sha256 hash, and only when every module it maps lives under STATIC_URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
ADMIN_POLICY = PUBLIC_POLICY | {"style-src": ["'self'", "'unsafe-inline'"]}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

IMPORTMAP = re.compile(
    r"<script\b[^>]*\btype=[\"']importmap[\"'][^>]*>(?P<body>.*?)</script>", re.S | re.I
)


def render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def with_media_origins(policy: dict[str, list[str]], origins: list[str]) -> dict[str, list[str]]:
    """Photos may come from S3 or a CDN: add those origins to img-src."""
    if not origins:
        return policy
    return policy | {"img-src": [*policy["img-src"], *origins]}


def _maps_only_static_files(body: str) -> bool:
    """An import map whose every target is one of our own static files."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if not isinstance(data, dict) or not data:
        return False
    static_url = settings.STATIC_URL
    if not static_url.startswith("/") or static_url.startswith("//"):
        return False
    targets = list(data.get("imports", {}).values())
    for scope in data.get("scopes", {}).values():
        targets.extend(scope.values())
    return all(isinstance(target, str) and target.startswith(static_url) for target in targets)


def importmap_hashes(html: str) -> list[str]:
    """CSP hash sources for the inline import maps of a page that map only static files."""
    sources = []
    for match in IMPORTMAP.finditer(html):
        body = match.group("body")
        if _maps_only_static_files(body):
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            sources.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sources


def admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"


class ContentSecurityPolicyMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Content-Security-Policy" in response.headers or header in response.headers:
            return response
        origins = getattr(settings, "CSP_MEDIA_ORIGINS", [])
        if request.path.startswith(admin_prefix()):
            policy = with_media_origins(ADMIN_POLICY, origins)
            if self._is_html(response):
                hashes = importmap_hashes(response.content.decode(response.charset, "replace"))
                if hashes:
                    policy = policy | {"script-src": [*policy["script-src"], *hashes]}
        else:
            policy = with_media_origins(PUBLIC_POLICY, origins)
        response.headers[header] = render_policy(policy)
        return response

    @staticmethod
    def _is_html(response) -> bool:
        return not response.streaming and response.get("Content-Type", "").startswith("text/html")


class NulCharacterMiddleware:
    """Drops NUL characters from the query string before any view hands it to the database:
    PostgreSQL can neither store nor compare one and would answer with a 500 (the admin's
    autocomplete does, for one). No address, search or filter means anything by a NUL, so the
    rest of the query is answered as if it had not been there; forms already refuse it in
    what they post (Django's CharField)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
