"""{% share_actions scenario %}: the copy and meeting buttons of the reader (sharing part)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def share_actions(context, scenario):
    return ""  # written by the sharing and meetings part
