"""Free slugs for the objects people name (scenarios, questionnaires, campaigns, analyses)."""

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
