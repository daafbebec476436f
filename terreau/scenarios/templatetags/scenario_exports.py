"""{% export_actions scenario %}: the export buttons of the reader (offline HTML, PDF), or
why this scenario may not leave as a file for this reader."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..views.exports import scenario_export_refusal

register = template.Library()


@register.simple_tag(takes_context=True)
def export_actions(context, scenario):
    request = context.get("request")
    user = request.user if request is not None else None
    refusal = scenario_export_refusal(scenario, user)
    return render_to_string("scenarios/partials/export_actions.html",
                            {"scenario": scenario, "refusal": refusal})


@register.filter
def css_string(text) -> str:
    """Text for a CSS string in a <style> block (the PDF's page footer): every character but
    letters, digits and spaces as a CSS escape, so that no quote, "<" or "&" remains."""
    out = "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} "
                  for char in str(text or ""))
    return mark_safe(out)  # noqa: S308 (only letters, digits, spaces and CSS escapes)
