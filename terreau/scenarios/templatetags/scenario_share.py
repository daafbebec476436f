"""{% share_actions scenario %}: the copy and meeting buttons of the reader (sharing part)."""

from django import template
from django.template.loader import render_to_string

from ..queries import groups_for_new_scenario, scenario_can_edit

register = template.Library()

PAST_MEETINGS_SHOWN = 20


@register.simple_tag(takes_context=True)
def share_actions(context, scenario):
    """"Adapter à mon territoire", "Lancer une réunion" and the past meetings' results.

    Anonymous readers of a public scenario get nothing: votes and comments are for members.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    can_edit = scenario_can_edit(user, scenario)
    meetings = list(scenario.meetings.order_by("-started_at")[:PAST_MEETINGS_SHOWN])
    return render_to_string("scenarios/partials/share_actions.html", {
        "scenario": scenario, "can_edit": can_edit,
        "can_copy": groups_for_new_scenario(user).exists(),
        "open_meeting": next((m for m in meetings if m.is_open), None),
        "past_meetings": meetings,
    }, request=request)
