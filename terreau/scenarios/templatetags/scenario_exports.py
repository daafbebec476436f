"""{% export_actions scenario %}: the export buttons of the reader (offline HTML, PDF), or
why this scenario may not leave as a file for this reader."""

from django import template
from django.template.loader import render_to_string

from ..views.exports import scenario_export_refusal

register = template.Library()


@register.simple_tag(takes_context=True)
def export_actions(context, scenario):
    request = context.get("request")
    user = request.user if request is not None else None
    refusal = scenario_export_refusal(scenario, user)
    return render_to_string("scenarios/partials/export_actions.html",
                            {"scenario": scenario, "refusal": refusal})
