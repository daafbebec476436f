"""Free slugs for the objects people name (scenarios, questionnaires, campaigns, analyses)."""

import hashlib

from django.utils.text import slugify

BASE_LENGTH = 70  # room left for "-2", "-3"… within the usual 80 characters


def slug_free(text: str, model, *, fallback: str, reserved=frozenset(),
              exclude_pk: int | None = None) -> str:
    """A slug of `model` made from `text` and not taken ("diagnostic-tours", then
    "diagnostic-tours-2"…); never one of the app's own URL words (`reserved`)."""
    base = slugify(text)[:BASE_LENGTH].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
                .values_list("slug", flat=True))
    taken |= set(reserved)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def slug_bounded(slug: str, limit: int = 80) -> str:
    """Cut a slug made of others ("profils-<analyse>") to `limit` characters, keeping two long
    ones distinct with a short digest of the whole."""
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:6]
    return f"{slug[:limit - 7].rstrip('-')}-{digest}"
