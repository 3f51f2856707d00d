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


def include_derived_fields(save_kwargs: dict, *fields: str) -> None:
    """Make ``save(update_fields=[...])`` also write the columns ``save()`` derives.

    Without it, ``update_or_create()`` or ``save(update_fields=["full_name"])`` keeps a
    stale folded search column, and search stops finding the renamed row.
    """
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None:
        save_kwargs["update_fields"] = {*update_fields, *fields}
