"""The register of levers and obstacles: what the evaluation rounds met, read across the
actions a person reads (queries.action_list_visible), with counts per theme and a CSV file.
Levers and obstacles name no one: the file is not audited."""

import io
from dataclasses import dataclass

from django.db.models import QuerySet

from terreau.core.exports import write_csv

from .choices import FactorKind, FactorTheme
from .models import Factor
from .queries import action_list_visible

CSV_HEADER = ("type", "theme", "description", "action", "groupe", "evaluation", "date",
              "adresse")


@dataclass(frozen=True)
class RegisterFilters:
    kind: str = ""
    theme: str = ""
    group: str = ""  # slug
    action: str = ""  # slug
    year: int | None = None


def factors_visible(user, filters: RegisterFilters | None = None) -> QuerySet[Factor]:
    filters = filters or RegisterFilters()
    factors = (Factor.objects.filter(round__action__in=action_list_visible(user).values("pk"))
               .select_related("round__action__group")
               .order_by("-round__held_on", "round__action__title", "kind", "pk"))
    if filters.kind:
        factors = factors.filter(kind=filters.kind)
    if filters.theme:
        factors = factors.filter(theme=filters.theme)
    if filters.group:
        factors = factors.filter(round__action__group__slug=filters.group)
    if filters.action:
        factors = factors.filter(round__action__slug=filters.action)
    if filters.year:
        factors = factors.filter(round__held_on__year=filters.year)
    return factors


def counts_by_theme(factors) -> list[dict]:
    """Per theme (in the list's order, themes met only): levers, obstacles, total."""
    counts = {theme: {FactorKind.LEVER: 0, FactorKind.OBSTACLE: 0}
              for theme in FactorTheme.values}
    for kind, theme in factors.values_list("kind", "theme"):
        if theme in counts and kind in counts[theme]:
            counts[theme][kind] += 1
    return [{"theme": theme, "label": FactorTheme(theme).label,
             "levers": row[FactorKind.LEVER], "obstacles": row[FactorKind.OBSTACLE],
             "total": row[FactorKind.LEVER] + row[FactorKind.OBSTACLE]}
            for theme, row in counts.items() if any(row.values())]


def register_csv(factors, *, base_url: str = "") -> str:
    handle = io.StringIO()
    write_csv(handle, CSV_HEADER, (
        (f.get_kind_display(), f.get_theme_display(), f.text, f.round.action.title,
         f.round.action.group.name, f.round.number, f.round.held_on.isoformat(),
         base_url + f.round.get_absolute_url())
        for f in factors))
    return handle.getvalue()
