"""{% export_actions scenario %}: the export buttons of the reader (exports part)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_actions(context, scenario):
    return ""  # written by the exports part
