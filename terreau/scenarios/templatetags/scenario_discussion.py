"""{% hypotheses_panel scenario %} and {% step_discussion step %} for the reader (discussion)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def hypotheses_panel(context, scenario):
    return ""  # written by the discussion part


@register.simple_tag(takes_context=True)
def step_discussion(context, step):
    return ""  # written by the discussion part
