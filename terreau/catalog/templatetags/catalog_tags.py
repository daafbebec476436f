"""Small display helpers for the catalogue templates."""

from django import template

from terreau.territory.choices import Level

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    """Return the French name of a zone level ("commune" → "Commune")."""
    return Level(level).label if level in Level.values else level


@register.filter
def percent_of(part: int, whole: int) -> int:
    """Return part / whole as a whole percentage (0 when whole is 0)."""
    return round(100 * part / whole) if whole else 0
