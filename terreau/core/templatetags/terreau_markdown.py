"""`{% load terreau_markdown %}{{ text|markdown }}`: a member's Markdown as safe HTML."""

from django import template
from django.utils.safestring import mark_safe

from terreau.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    # Safe: render_markdown sanitises with nh3 (see terreau/core/markdown.py).
    return mark_safe(render_markdown(text or ""))  # noqa: S308
