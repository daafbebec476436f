"""Hypotheses and their status, comments and mentions, notifications, group activity.

The forms post here and come back to the reader at the hypothesis or the comment (no
JavaScript needed); on an error the form is shown again on its own page, the error beside
the field. A scenario the user may not read is a 404; a change they may not make is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from terreau.accounts.queries import group_get_visible

from .. import discussion, hypotheses
from ..activity import group_activity
from ..discussion_forms import CommentForm, HypothesisForm, StatusForm
from ..models import Scenario
from ..notifications import mark_read, notification_get, notifications_list
from ..queries import scenario_can_comment, scenario_can_contribute
from ..services import ScenarioError
from .access import readable


def _contributable(request, slug: str) -> Scenario:
    scenario = readable(request, slug)
    if not scenario_can_contribute(request.user, scenario):
        raise PermissionDenied("Seuls les membres du groupe du scénario formulent des "
                               "hypothèses et changent leur statut.")
    return scenario


def _hypothesis(scenario: Scenario, pk: int):
    hypothesis = hypotheses.hypothesis_get(scenario=scenario, pk=pk)
    if hypothesis is None:
        raise Http404("Hypothèse introuvable.")
    return hypothesis


def _at(scenario: Scenario, anchor: str):
    return redirect(f"{scenario.get_absolute_url()}#{anchor}")


# ---- Hypotheses ---------------------------------------------------------------------------


def _hypothesis_save(form, *, scenario, user, hypothesis=None):
    data = form.cleaned_data
    fields = {"statement": data["statement"], "by": user, "step_ids": data["steps"],
              "indicators": data["indicators"], "dataset_ids": data["datasets"],
              "evidence_note": data["evidence_note"]}
    if hypothesis is None:
        return hypotheses.hypothesis_add(scenario=scenario, **fields)
    return hypotheses.hypothesis_update(hypothesis=hypothesis, **fields)


def hypothesis_add(request, slug: str):
    scenario = _contributable(request, slug)
    form = HypothesisForm(request.POST or None, scenario=scenario, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            hypothesis = _hypothesis_save(form, scenario=scenario, user=request.user)
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Hypothèse ajoutée.")
            return _at(scenario, hypothesis.anchor)
    return render(request, "scenarios/hypothesis_form.html",
                  {"scenario": scenario, "form": form, "mode": "add"},
                  status=400 if form.errors else 200)


def hypothesis_edit(request, slug: str, pk: int):
    scenario = _contributable(request, slug)
    hypothesis = _hypothesis(scenario, pk)
    if not hypotheses.hypothesis_can_change(request.user, hypothesis):
        raise PermissionDenied("Seuls son auteur·rice et l'animation modifient cette hypothèse.")
    form = HypothesisForm(request.POST or None, scenario=scenario, user=request.user,
                          initial=HypothesisForm.initial_for(hypothesis, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            _hypothesis_save(form, scenario=scenario, user=request.user, hypothesis=hypothesis)
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Hypothèse modifiée.")
            return _at(scenario, hypothesis.anchor)
    return render(request, "scenarios/hypothesis_form.html",
                  {"scenario": scenario, "form": form, "hypothesis": hypothesis, "mode": "edit"},
                  status=400 if form.errors else 200)


def hypothesis_status(request, slug: str, pk: int):
    scenario = _contributable(request, slug)
    hypothesis = _hypothesis(scenario, pk)
    form = StatusForm(request.POST or None, hypothesis=hypothesis)
    if request.method == "POST" and form.is_valid():
        try:
            hypotheses.hypothesis_set_status(hypothesis=hypothesis, by=request.user,
                                             status=form.cleaned_data["status"],
                                             reason=form.cleaned_data["reason"])
        except ScenarioError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"Statut changé : {hypothesis.get_status_display()}.")
            return _at(scenario, hypothesis.anchor)
    return render(request, "scenarios/hypothesis_form.html", {
        "scenario": scenario, "form": form, "hypothesis": hypothesis, "mode": "status",
        "history": hypotheses.status_history(hypothesis, with_names=True)},
        status=400 if form.errors else 200)


def hypothesis_delete(request, slug: str, pk: int):
    scenario = _contributable(request, slug)
    hypothesis = _hypothesis(scenario, pk)
    if not hypotheses.hypothesis_can_change(request.user, hypothesis):
        raise PermissionDenied("Seuls son auteur·rice et l'animation suppriment cette hypothèse.")
    if request.method == "POST":
        hypotheses.hypothesis_delete(hypothesis=hypothesis)
        messages.success(request, "Hypothèse supprimée.")
        return _at(scenario, "hypotheses")
    return render(request, "scenarios/hypothesis_form.html",
                  {"scenario": scenario, "hypothesis": hypothesis, "mode": "delete"})


# ---- Comments -----------------------------------------------------------------------------


def _comment_target(scenario: Scenario, data: dict) -> dict:
    """The step or hypothesis (and parent) a posted comment is about; 404 when unknown."""
    target = {}
    if data.get("step"):
        target["step"] = scenario.steps.filter(pk=data["step"]).first()
        if target["step"] is None:
            raise Http404("Étape introuvable.")
    if data.get("hypothesis"):
        target["hypothesis"] = _hypothesis(scenario, data["hypothesis"])
    if data.get("parent"):
        target["parent"] = discussion.comment_get(scenario=scenario, pk=data["parent"])
        if target["parent"] is None:
            raise Http404("Commentaire introuvable.")
    return target


@require_POST
def comment_add(request, slug: str):
    scenario = readable(request, slug)
    if not scenario_can_comment(request.user, scenario):
        raise PermissionDenied("Seuls les membres d'un groupe commentent les scénarios.")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = discussion.comment_add(scenario=scenario, author=request.user,
                                             body=form.cleaned_data["body"],
                                             **_comment_target(scenario, form.cleaned_data))
        except ScenarioError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Commentaire publié.")
            return _at(scenario, f"commentaire-{comment.pk}")
    return render(request, "scenarios/comment_form.html",
                  {"scenario": scenario, "form": form, "mode": "add"}, status=400)


def _own_comment(request, slug: str, pk: int):
    scenario = readable(request, slug)
    comment = discussion.comment_get(scenario=scenario, pk=pk)
    if comment is None or not scenario_can_comment(request.user, scenario):
        raise Http404("Commentaire introuvable.")
    return scenario, comment


def comment_edit(request, slug: str, pk: int):
    scenario, comment = _own_comment(request, slug, pk)
    if not discussion.comment_can_edit(request.user, comment):
        raise PermissionDenied("Vous ne pouvez modifier que vos propres commentaires.")
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            discussion.comment_edit(comment=comment, body=form.cleaned_data["body"],
                                    by=request.user)
        except ScenarioError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Commentaire modifié.")
            return _at(scenario, f"commentaire-{comment.pk}")
    return render(request, "scenarios/comment_form.html",
                  {"scenario": scenario, "form": form, "comment": comment, "mode": "edit"},
                  status=400 if form.errors else 200)


def comment_delete(request, slug: str, pk: int):
    scenario, comment = _own_comment(request, slug, pk)
    if not discussion.comment_can_delete(request.user, comment):
        raise PermissionDenied("Vous ne pouvez supprimer que vos propres commentaires.")
    if request.method == "POST":
        discussion.comment_delete(comment=comment, by=request.user)
        messages.success(request, "Commentaire supprimé.")
        return _at(scenario, f"commentaire-{comment.pk}")
    return render(request, "scenarios/comment_form.html", {
        "scenario": scenario, "comment": comment, "mode": "delete",
        "html": discussion.comment_html(comment)})


# ---- Notifications and activity -----------------------------------------------------------


def notifications(request):
    if request.method == "POST":
        count = mark_read(request.user)
        messages.success(request, f"{count} notification{'s' if count > 1 else ''} "
                                  f"marquée{'s' if count > 1 else ''} comme lue"
                                  f"{'s' if count > 1 else ''}.")
        return redirect("scenarios:notifications")
    return render(request, "scenarios/notifications.html",
                  {"notifications": notifications_list(request.user)})


def notification_open(request, pk: int):
    """Open a notification: it is read, and the reader lands on the comment or hypothesis."""
    notification = notification_get(request.user, pk)
    if notification is None:
        raise Http404("Notification introuvable.")
    mark_read(request.user, [notification.pk])
    return redirect(notification.url)


def group_activity_page(request, group_slug: str):
    group = group_get_visible(user=request.user, slug=group_slug)
    if group is None:
        raise Http404("Groupe introuvable.")
    return render(request, "scenarios/group_activity.html",
                  {"group": group, "events": group_activity(group, request.user)})


urlpatterns = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/<int:pk>/", notification_open, name="notification_open"),
    path("groupe/<slug:group_slug>/activite/", group_activity_page, name="group_activity"),
    path("<slug:slug>/hypotheses/ajouter/", hypothesis_add, name="hypothesis_add"),
    path("<slug:slug>/hypotheses/<int:pk>/modifier/", hypothesis_edit, name="hypothesis_edit"),
    path("<slug:slug>/hypotheses/<int:pk>/statut/", hypothesis_status,
         name="hypothesis_status"),
    path("<slug:slug>/hypotheses/<int:pk>/supprimer/", hypothesis_delete,
         name="hypothesis_delete"),
    path("<slug:slug>/commentaires/ajouter/", comment_add, name="comment_add"),
    path("<slug:slug>/commentaires/<int:pk>/modifier/", comment_edit, name="comment_edit"),
    path("<slug:slug>/commentaires/<int:pk>/supprimer/", comment_delete, name="comment_delete"),
]
