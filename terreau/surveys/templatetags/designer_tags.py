"""Template filters of the designer's pages."""

from django import template

register = template.Library()


@register.filter
def listed(name: str, names: str) -> bool:
    """`{% if field.name|listed:"label_fr label_en" %}`: one of these space-separated names."""
    return name in names.split()
