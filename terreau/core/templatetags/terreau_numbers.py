"""`{{ value|nombre }}`: core.numbers.number_text in templates."""

from django import template

from terreau.core.numbers import number_text

register = template.Library()


@register.filter(name="nombre")
def number_filter(value, decimals: int = 2) -> str:
    """`{{ 28.5|nombre }}` → "28,5"; `{{ 3.0|nombre }}` → "3"; at most `decimals` places."""
    return number_text(value, decimals)
