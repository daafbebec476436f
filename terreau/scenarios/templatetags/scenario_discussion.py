"""{% hypotheses_panel scenario %} and {% step_discussion step %} for the reader (discussion).

Both read the reader from context["request"].user. Anonymous readers of a public scenario
see the hypotheses and their history without people's names, and no comment.
"""

from django import template

from ..discussion import thread
from ..discussion_forms import MENTION_HINT, CommentForm, HypothesisForm, StatusForm
from ..hypotheses import evidence_for, hypothesis_can_change, hypothesis_list, status_history
from ..queries import scenario_can_comment, scenario_can_contribute

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


@register.inclusion_tag("scenarios/partials/hypotheses.html", takes_context=True)
def hypotheses_panel(context, scenario):
    user = _user(context)
    contributes = scenario_can_contribute(user, scenario)
    comments = _signed_in(user)  # a reader of the page reads the scenario
    can_comment = scenario_can_comment(user, scenario)
    items = []
    for hypothesis in hypothesis_list(scenario):
        items.append({
            "hypothesis": hypothesis,
            "evidence": evidence_for(hypothesis, user),
            "history": status_history(hypothesis, with_names=_signed_in(user)),
            "can_change": contributes and hypothesis_can_change(user, hypothesis),
            "status_form": StatusForm(hypothesis=hypothesis) if contributes else None,
            "thread": thread(user=user, hypothesis=hypothesis, can_comment=can_comment)
            if comments else None,
        })
    return {"scenario": scenario, "items": items, "contributes": contributes,
            "show_comments": comments, "can_comment": can_comment, "mention_hint": MENTION_HINT,
            "add_form": HypothesisForm(scenario=scenario, user=user,
                                       auto_id="nouvelle-hypothese-%s") if contributes else None}


def _count(comments) -> int:
    """The comments still there (deleted ones keep a place, they do not count)."""
    return sum((not c.comment.is_deleted) + _count(c.replies) for c in comments)


@register.inclusion_tag("scenarios/partials/discussion.html", takes_context=True)
def step_discussion(context, step):
    user = _user(context)
    if not _signed_in(user):
        return {"hidden": True}
    can_comment = scenario_can_comment(user, step.scenario)
    comments = thread(user=user, step=step, can_comment=can_comment)
    return {"scenario": step.scenario, "step": step, "target": "step", "target_id": step.pk,
            "label": f"étape {step.position}", "anchor": f"discussion-{step.anchor}",
            "comments": comments, "count": _count(comments),
            "can_comment": can_comment, "mention_hint": MENTION_HINT,
            "form": CommentForm(auto_id=f"commentaire-{step.anchor}-%s") if can_comment
            else None}
