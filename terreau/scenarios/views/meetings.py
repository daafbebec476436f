"""Meeting mode: projector view, joining with a short code, following, results."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..meetings import (
    CODE_LENGTH,
    NAME_MAX,
    MeetingError,
    code_normalize,
    meeting_comments,
    meeting_end,
    meeting_get_open,
    meeting_join,
    meeting_results,
    meeting_start,
    participant_from_request,
    session_remember,
)
from ..models import Meeting
from ..queries import scenario_can_edit, step_list
from .access import editable, readable

MEETING_REFUSAL = "Seules les personnes qui modifient ce scénario mènent une réunion."


def _editable_scenario(request, slug):
    return editable(request, slug, MEETING_REFUSAL)


def _meeting_or_404(scenario, pk) -> Meeting:
    meeting = scenario.meetings.filter(pk=pk).first()
    if meeting is None:
        raise Http404("Réunion introuvable.")
    return meeting


@require_POST
def meeting_start_view(request, slug):
    scenario = _editable_scenario(request, slug)
    meeting = meeting_start(scenario=scenario, user=request.user)
    return redirect("scenarios:meeting_screen", slug=scenario.slug, pk=meeting.pk)


def join_url(request) -> str:
    return request.build_absolute_uri(reverse("scenarios:meeting_join"))


def _qr_svg(url: str) -> str:
    # segno draws the QR code from our own URL (no user text): its SVG is safe to inline.
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#111",
                                                light="#fff", omitsize=True)
    return mark_safe(svg)


@require_GET
def meeting_screen(request, slug, pk):
    scenario = _editable_scenario(request, slug)
    meeting = _meeting_or_404(scenario, pk)
    if not meeting.is_open:
        return redirect("scenarios:meeting_results", slug=scenario.slug, pk=meeting.pk)
    join = join_url(request)
    return render(request, "scenarios/meeting_screen.html", {
        "scenario": scenario, "meeting": meeting, "steps": step_list(scenario),
        "join_url": join, "qr_svg": _qr_svg(f"{join}?code={meeting.code}"),
    })


@require_POST
def meeting_end_view(request, slug, pk):
    scenario = _editable_scenario(request, slug)
    meeting = meeting_end(meeting=_meeting_or_404(scenario, pk))
    messages.success(request, "Réunion terminée : ses votes et ses commentaires restent avec "
                              "le scénario.")
    return redirect("scenarios:meeting_results", slug=scenario.slug, pk=meeting.pk)


@require_GET
def meeting_results_view(request, slug, pk):
    scenario = readable(request, slug)  # signed in: not login_not_required
    meeting = _meeting_or_404(scenario, pk)
    return render(request, "scenarios/meeting_results.html", {
        "scenario": scenario, "meeting": meeting, "results": meeting_results(meeting),
        "comments": meeting_comments(meeting), "can_edit": scenario_can_edit(request.user,
                                                                             scenario),
    })


class JoinForm(forms.Form):
    code = forms.CharField(label="Code de la réunion", max_length=CODE_LENGTH + 4,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "off", "autocapitalize": "characters",
                               "spellcheck": "false", "class": "join-code"}))
    nom = forms.CharField(label="Votre prénom ou pseudonyme", max_length=NAME_MAX,
                          widget=forms.TextInput(attrs={"autocomplete": "nickname"}))

    def clean_code(self):
        meeting = meeting_get_open(self.cleaned_data["code"])
        if meeting is None:
            raise forms.ValidationError("Ce code ne correspond à aucune réunion en cours : "
                                        "vérifiez-le sur l'écran.")
        return meeting.code


def _default_name(user) -> str:
    if not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


@login_not_required
@require_http_methods(["GET", "POST"])
def meeting_join_view(request):
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                participant, token = meeting_join(code=form.cleaned_data["code"],
                                                  name=form.cleaned_data["nom"],
                                                  user=request.user)
            except MeetingError as error:
                form.add_error("nom", str(error))
            else:
                session_remember(request.session, participant, token)
                return redirect("scenarios:meeting_follow", code=participant.meeting.code)
    else:
        form = JoinForm(initial={"code": code_normalize(request.GET.get("code", "")),
                                 "nom": _default_name(request.user)})
    return render(request, "scenarios/meeting_join.html", {"form": form},
                  status=400 if form.errors else 200)


@login_not_required
@require_GET
def meeting_follow(request, code):
    meeting = meeting_get_open(code)
    participant = participant_from_request(request, meeting) if meeting else None
    if participant is None:
        if meeting is None:
            messages.info(request, "Cette réunion est terminée ou son code est inconnu.")
        return redirect(f"{reverse('scenarios:meeting_join')}?code={code_normalize(code)}")
    return render(request, "scenarios/meeting_follow.html", {
        "meeting": meeting, "participant": participant, "scenario": meeting.scenario,
    })


urlpatterns = [
    path("reunion/", meeting_join_view, name="meeting_join"),
    path("reunion/<str:code>/", meeting_follow, name="meeting_follow"),
    path("<slug:slug>/reunions/lancer/", meeting_start_view, name="meeting_start"),
    path("<slug:slug>/reunions/<int:pk>/", meeting_screen, name="meeting_screen"),
    path("<slug:slug>/reunions/<int:pk>/terminer/", meeting_end_view, name="meeting_end"),
    path("<slug:slug>/reunions/<int:pk>/resultats/", meeting_results_view,
         name="meeting_results"),
]
