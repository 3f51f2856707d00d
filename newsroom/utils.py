"""Small helpers shared by the apps."""

from newsroom.text import slugify


def unique_slug(
    model, text: str, exclude_pk=None, field: str = "slug", max_length: int = 200
) -> str:
    """A Vietnamese-aware slug for ``text`` not yet used by another row of ``model``."""
    base = slugify(text, max_length=max_length) or "muc"
    candidate, counter = base, 2
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(**{field: candidate}).exists():
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate
