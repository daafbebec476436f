"""{% add_view_link "carte" querystring %}: the atlas's "Ajouter à un scénario" link, shown to
signed-in members who may compose a scenario (a group, or a scenario they may change)."""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from ..queries import scenario_list_editable, user_group_ids

register = template.Library()


def _compare_default(context) -> str:
    """The maps a comparison page opens with, when its URL names none (its form's choices)."""
    choices = [form["choice"] for form in context.get("map_forms") or []]
    return urlencode([("carte", ",".join([c.indicator, c.level, c.within, c.period or ""]))
                      for c in choices if c.indicator])


@register.simple_tag(takes_context=True)
def add_view_link(context, kind: str, query: str = ""):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if not user_group_ids(user) and not scenario_list_editable(user).exists():
        return ""
    if not query and kind == "rapprochement":
        query = _compare_default(context)
    href = f"{reverse('scenarios:add_view')}?{urlencode({'page': kind, 'vue': query or ''})}"
    return render_to_string("scenarios/partials/add_view_link.html", {"href": href})
