"""Serving uploaded files from MEDIA_ROOT for ``make serve`` (production puts nginx or S3 here).

An upload is never executed or rendered as a page: images get their own type, anything else
is sent as a download, the browser is told not to sniff, and a sandboxing policy covers the
case where a browser opens a file anyway. Paths that leave MEDIA_ROOT, by ``..`` or through
a symbolic link, are refused.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox"


def resolve_media_path(path: str) -> Path:
    """The file under MEDIA_ROOT that ``path`` names; Http404 for anything else."""
    if "\x00" in path or "\\" in path:
        raise Http404("Không tìm thấy tệp.")
    normalized = posixpath.normpath(path).lstrip("/")
    if normalized in {"", "."} or normalized.startswith("..") or path != path.lstrip("/"):
        raise Http404("Không tìm thấy tệp.")
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        candidate = Path(safe_join(str(root), normalized)).resolve()
    except (ValueError, OSError) as error:  # SuspiciousFileOperation is a ValueError
        raise Http404("Không tìm thấy tệp.") from error
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise Http404("Không tìm thấy tệp.")
    return candidate


def content_headers(path: Path) -> dict[str, str]:
    suffix = path.suffix.lower()
    if suffix in IMAGE_TYPES:
        return {"Content-Type": IMAGE_TYPES[suffix]}
    # Not an image we publish: a download, whatever the browser would guess from it.
    return {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": content_disposition_header(as_attachment=True, filename=path.name),
    }


@require_safe
def serve_media(request, path):
    file_path = resolve_media_path(path)
    stat = file_path.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    response = FileResponse(file_path.open("rb"))
    for name, value in content_headers(file_path).items():
        response[name] = value
    response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["Cache-Control"] = "public, max-age=86400"
    return response
