"""Small display helpers for the catalogue templates."""

from django import template

from terreau.territory.choices import Level

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    """Return the French name of a zone level ("commune" → "Commune")."""
    return Level(level).label if level in Level.values else level

