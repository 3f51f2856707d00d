"""Photo services and selectors: saving an upload with its metadata, making the renditions
once, deleting files, and the ``<picture>`` markup the public pages print.

Public pages: fetch photos with ``renditions_prefetch()`` (or ``with_renditions()``) and print
them with ``{% load photos %}{% picture photo sizes="…" %}``; the tag then makes no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from newsroom.media_writes import as_media_write_error, storage_errors

from .images import (
    CleanImage,
    PhotoMetadata,
    encode_rendition,
    inspect_upload,
    prepare_for_renditions,
    rendition_widths,
)
from .models import Photo, Rendition, RenditionFormat

RENDITION_WIDTHS = (360, 720, 1080, 1600)
RENDITION_FORMATS = (RenditionFormat.WEBP, RenditionFormat.JPEG)
EXTENSIONS = {RenditionFormat.JPEG: "jpg", RenditionFormat.WEBP: "webp"}
METADATA_FIELDS = {"caption": "chú thích", "credit": "tác giả ảnh", "taken_on": "ngày chụp"}


def configured_widths() -> tuple[int, ...]:
    return tuple(getattr(settings, "PHOTO_RENDITION_WIDTHS", RENDITION_WIDTHS))


# ------------------------------------------------------------------------ services


def photo_fill_from_metadata(*, photo: Photo, metadata: PhotoMetadata) -> list[str]:
    """Fill caption, credit and taken_on from the file's metadata where the editor left them
    empty; returns the names of the fields filled. Does not save."""
    filled = []
    for name in METADATA_FIELDS:
        value = getattr(metadata, name)
        if value and not getattr(photo, name):
            setattr(photo, name, value)
            filled.append(name)
    return filled


@transaction.atomic
def photo_save(*, photo: Photo, user=None, clean_image: CleanImage | None = None) -> list[str]:
    """Save a photo from a form: prefill from a new upload's metadata, record the uploader,
    make the renditions (remaking them when the image was replaced). Returns fields filled.

    ``clean_image`` is the ``.clean_image`` of a file cleaned by ``PhotoImageField``; pass it
    whenever the form carried a new file.
    """
    replacing = photo.pk is not None and clean_image is not None
    if photo.pk is None and user is not None and photo.uploaded_by_id is None:
        photo.uploaded_by = user
    filled = (
        photo_fill_from_metadata(photo=photo, metadata=clean_image.metadata) if clean_image else []
    )
    photo.full_clean()
    new_file = bool(photo.image) and not photo.image._committed
    try:
        photo.save()
        photo_make_renditions(photo=photo, replace=replacing)
    except Exception as error:
        # The rows roll back with the transaction; the stored upload must go too.
        if new_file and photo.image._committed:
            _delete_files(photo.image.storage, [photo.image.name])
        if isinstance(error, storage_errors()):
            raise as_media_write_error(error) from error
        raise
    return filled


def photo_create_from_upload(
    *,
    upload,
    uploaded_by=None,
    caption: str = "",
    credit: str = "",
    alt_text: str = "",
    taken_on=None,
) -> Photo:
    """Create a photo from any uploaded file (checked here unless PhotoImageField did it)."""
    clean = getattr(upload, "clean_image", None)
    if clean is None:
        upload.seek(0)
        clean = inspect_upload(upload.read())
        stem = PurePath(upload.name or "anh").stem
        upload = ContentFile(clean.data, name=f"{stem}.{clean.extension}")
    photo = Photo(
        image=upload, caption=caption, credit=credit, alt_text=alt_text, taken_on=taken_on
    )
    photo_save(photo=photo, user=uploaded_by, clean_image=clean)
    return photo


@transaction.atomic
def photo_make_renditions(*, photo: Photo, replace: bool = False) -> list[Rendition]:
    """Make the photo's missing renditions, every width × JPEG and WebP, and store them.

    Idempotent: a second call finds them all and creates nothing, without opening the file.
    ``replace=True`` (after the image file changed) deletes the old ones first.
    """
    if not photo.image:
        return []
    if replace:
        photo_delete_renditions(photo=photo)
    existing = {(r.width, r.format) for r in photo.renditions.all()}
    if existing and _complete(existing, photo):
        return []

    photo.image.open("rb")
    try:
        data = photo.image.read()
    finally:
        photo.image.close()
    widths_wanted = configured_widths()
    image, shown_width = prepare_for_renditions(data, max(widths_wanted))
    created = []
    stem = PurePath(photo.image.name).stem[:40] or "anh"
    try:
        for width in sorted(rendition_widths(shown_width, widths_wanted), reverse=True):
            for fmt in RENDITION_FORMATS:
                if (width, fmt) in existing:
                    continue
                # A draft-reduced decode still covers the largest width: this never upscales.
                content, _, height = encode_rendition(image, width, fmt)
                rendition = Rendition(photo=photo, width=width, height=height, format=fmt)
                rendition.file.save(
                    f"{stem}-{photo.pk}-{width}.{EXTENSIONS[fmt]}",
                    ContentFile(content),
                    save=False,
                )
                created.append(rendition)
    except storage_errors() as error:
        # A disk that fills halfway: remove the renditions written so far, keep no row.
        _delete_files(Rendition._meta.get_field("file").storage, [r.file.name for r in created])
        raise as_media_write_error(error) from error
    # A concurrent run (admin save and the command at once) may have made the same rows.
    Rendition.objects.bulk_create(created, ignore_conflicts=True)
    getattr(photo, "_prefetched_objects_cache", {}).pop("renditions", None)
    return created


def _complete(existing: set[tuple[int, str]], photo: Photo) -> bool:
    """Whether the stored renditions cover the photo, judged from its stored size alone
    (either side may be the upright width, depending on its EXIF orientation)."""
    sides = [side for side in (photo.width, photo.height) if side]
    for side in sides:
        needed = {
            (w, f) for w in rendition_widths(side, configured_widths()) for f in RENDITION_FORMATS
        }
        if needed <= existing:
            return True
    return False


@transaction.atomic
def photo_delete_renditions(*, photo: Photo) -> int:
    """Delete a photo's renditions; their files go once the transaction commits."""
    renditions = list(Rendition.objects.filter(photo=photo))
    names = [r.file.name for r in renditions if r.file]
    Rendition.objects.filter(pk__in=[r.pk for r in renditions]).delete()
    getattr(photo, "_prefetched_objects_cache", {}).pop("renditions", None)
    if names:
        storage = Rendition._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, names))
    return len(renditions)


@transaction.atomic
def photo_delete(*, photo: Photo) -> None:
    """Delete a photo (refused by PROTECT while an article uses it) and, after commit, its
    image and rendition files."""
    storage = Photo._meta.get_field("image").storage
    names = [photo.image.name] if photo.image else []
    names += [name for name in photo.renditions.values_list("file", flat=True) if name]
    photo.delete()
    transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except storage_errors():
            pass  # already gone, or the storage is failing: nothing refers to it any more


# ----------------------------------------------------------------------- selectors


def renditions_prefetch(through: str = "") -> Prefetch:
    """The Prefetch that lets ``{% picture %}`` print photos without a query each.

    ``through`` is the path from the queried model to the photo:
    ``Photo.objects.prefetch_related(renditions_prefetch())``,
    ``Article.objects.prefetch_related(renditions_prefetch("featured_photo"))``,
    ``ArticlePhoto.objects.select_related("photo").prefetch_related(renditions_prefetch("photo"))``,
    or ``Article.objects.prefetch_related("article_photos__photo",
    renditions_prefetch("article_photos__photo"))``.
    """
    lookup = f"{through}__renditions" if through else "renditions"
    return Prefetch(lookup, queryset=Rendition.objects.order_by("format", "width"))


def with_renditions(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    return photos.prefetch_related(renditions_prefetch())


def _renditions(photo: Photo) -> list[Rendition]:
    # .all() on the related manager reads the prefetch cache when there is one.
    return list(photo.renditions.all())


def rendition_for(photo: Photo | None, width: int, fmt: str = RenditionFormat.JPEG):
    """The smallest rendition of ``fmt`` at least ``width`` wide, else the widest; or None."""
    if photo is None:
        return None
    candidates = sorted((r for r in _renditions(photo) if r.format == fmt), key=lambda r: r.width)
    if not candidates:
        return None
    return next((r for r in candidates if r.width >= width), candidates[-1])


def rendition_url(photo: Photo | None, width: int = 1080, fmt: str = RenditionFormat.JPEG) -> str:
    """A URL for social cards and JSON-LD: a stored rendition, else the original file."""
    rendition = rendition_for(photo, width, fmt)
    if rendition is not None:
        return rendition.file.url
    return photo.image.url if photo is not None and photo.image else ""


LOADING = {"lazy", "eager"}
FETCH_PRIORITY = {"high", "low", "auto"}
FALLBACK_WIDTH = 720


def picture_html(
    photo: Photo | None,
    *,
    sizes: str = "100vw",
    loading: str = "lazy",
    alt: str | None = None,
    css_class: str = "",
    fetchpriority: str = "",
) -> SafeString:
    """``<picture>`` with a WebP ``<source srcset>`` and a JPEG ``<img srcset>``, both from stored
    renditions; the original file alone when none exist yet. Never resizes anything."""
    if photo is None or not photo.image:
        return SafeString("")
    alt_text = (photo.alt_text or photo.caption) if alt is None else alt
    by_format: dict[str, list[Rendition]] = {}
    for rendition in sorted(_renditions(photo), key=lambda r: r.width):
        by_format.setdefault(rendition.format, []).append(rendition)
    jpegs = by_format.get(RenditionFormat.JPEG, [])
    webps = by_format.get(RenditionFormat.WEBP, [])

    extra = []
    if css_class:
        extra.append(("class", css_class))
    if not fetchpriority and loading == "eager":
        fetchpriority = "high"  # the first picture on screen: fetch it before the rest
    if fetchpriority in FETCH_PRIORITY:
        extra.append(("fetchpriority", fetchpriority))
    loading = loading if loading in LOADING else "lazy"
    tail = format_html_join("", ' {}="{}"', extra)

    if not jpegs:
        return format_html(
            '<picture><img src="{}" width="{}" height="{}" alt="{}" loading="{}" '
            'decoding="async"{}></picture>',
            photo.image.url,
            photo.width or "",
            photo.height or "",
            alt_text,
            loading,
            tail,
        )
    src = next((r for r in jpegs if r.width >= FALLBACK_WIDTH), jpegs[-1])
    source = ""
    if webps:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webps), sizes
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}></picture>',
        source,
        src.file.url,
        _srcset(jpegs),
        sizes,
        src.width,
        src.height,
        alt_text,
        loading,
        tail,
    )


def _srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)
