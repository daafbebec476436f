"""Profiles on the map (/analyses/<slug>/carte/): counts and shares of each profile per zone,
and their publication to the atlas.

Members of the questionnaire's group read the table (their own figures, small zones
included, marked); the answer readers (`can_analyse`) publish it as a catalogue dataset with
one indicator per profile (publish.py), which the atlas draws and scenarios show. Anyone
else: 404; a member who may not publish: 403.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from terreau.catalog.choices import Sensitivity
from terreau.surveys.followup import THRESHOLD

from ..models import Analysis
from ..publish import (
    NO_RIGHT,
    PublishError,
    RunZones,
    atlas_url,
    publish,
    published_indicators,
    run_zones,
)
from ..queries import can_analyse
from .access import analysable, readable

SENSITIVITIES = [
    (Sensitivity.GROUP.value, "Groupe",
     "Seuls les membres du groupe voient ces cartes, toutes les zones comprises."),
    (Sensitivity.SHARED.value, "Partagée",
     "Tous les groupes de Terreau voient ces cartes ; les zones de moins de "
     f"{THRESHOLD} réponses y sont vides (secret) pour que personne ne soit reconnu."),
    (Sensitivity.OPEN.value, "Ouverte",
     "Tout le monde, même sans compte, voit ces cartes et peut les télécharger ; les zones de "
     f"moins de {THRESHOLD} réponses y sont vides (secret)."),
]


class PublishForm(forms.Form):
    sensitivity = forms.ChoiceField(
        label="Qui verra ces cartes ?", initial=Sensitivity.GROUP.value,
        widget=forms.RadioSelect, choices=[(value, label) for value, label, _ in SENSITIVITIES],
        error_messages={"required": "Choisissez qui verra ces cartes.",
                        "invalid_choice": "Choisissez groupe, partagée ou ouverte."})


@dataclass(frozen=True)
class Row:
    """One line of the table: a zone and, per profile, (count, share in %)."""

    name: str
    code: str
    respondents: int
    cells: list[tuple[int, float]]
    hidden: bool


def _rows(zones: RunZones) -> list[Row]:
    return [Row(zones.names.get(zone.code, zone.code), zone.code, zone.respondents,
                [(count, share * 100) for count, share in zip(zone.counts, zone.shares,
                                                               strict=True)], zone.hidden)
            for zone in zones.counts.zones]


def _context(request, analysis: Analysis, form: PublishForm | None = None,
             error: str = "") -> dict:
    run = analysis.latest_done_run()
    zones, problem = None, ""
    if run is not None:
        try:
            zones = run_zones(run)
        except PublishError as exception:
            problem = str(exception)
    profiles = []
    if zones is not None:
        profiles = [(k, zones.profile_names.get(k, ""))
                    for k in range(1, zones.counts.profiles + 1)]
    dataset = analysis.dataset
    level = dataset.level if dataset else (zones.level if zones else "")
    within = zones.within if zones else ""
    links = [(indicator, atlas_url(indicator, level, within))
             for indicator in published_indicators(analysis)]
    return {
        "analysis": analysis, "run": run, "zones": zones, "problem": problem,
        "rows": _rows(zones) if zones else [], "profiles": profiles, "threshold": THRESHOLD,
        "apart": zones.counts.without_zone if zones else None,
        "can_analyse": can_analyse(request.user, analysis.group_id),
        "form": form or PublishForm(), "sensitivities": SENSITIVITIES, "error": error,
        "dataset": dataset, "version": dataset.current_version() if dataset else None,
        "links": links,
    }


def profile_map(request, slug: str):
    """The per-zone table of the latest finished run, and the publication form."""
    analysis = readable(request, slug)
    return render(request, "analysis/profile_map.html", _context(request, analysis))


@require_POST
def profile_map_publish(request, slug: str):
    """Publish the latest finished run to the atlas (a new dataset version each time)."""
    analysis = analysable(request, slug, NO_RIGHT)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return render(request, "analysis/profile_map.html",
                      _context(request, analysis, form), status=400)
    try:
        publication = publish(analysis=analysis, user=request.user,
                              sensitivity=form.cleaned_data["sensitivity"])
    except PublishError as error:
        return render(request, "analysis/profile_map.html",
                      _context(request, analysis, form, str(error)), status=400)
    text = (f"Profils publiés dans l'atlas : version {publication.version.number} du jeu "
            f"« {publication.dataset.title} », {len(publication.indicators)} indicateurs.")
    if publication.secret_zones:
        text += (f" {publication.secret_zones} zone(s) de moins de {THRESHOLD} réponses "
                 "restent secrètes hors du groupe.")
    if publication.removed:
        text += (" Indicateurs retirés (ces profils n'existent plus) : "
                 + ", ".join(publication.removed) + ".")
    messages.success(request, text)
    return redirect("analysis:profile_map", analysis.slug)


urlpatterns = [
    path("<slug:slug>/carte/", profile_map, name="profile_map"),
    path("<slug:slug>/carte/publier/", profile_map_publish, name="profile_map_publish"),
]
