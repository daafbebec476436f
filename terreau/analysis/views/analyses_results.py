"""The results of a saved analysis: eigenvalues, the profiles proposed and why, each profile
described in plain words, its name, its stability, the factor map with its table, the
history of runs and what changed since the previous one; a run's progress page.

Members of the group read all of it (aggregates: no answer of anyone appears); naming
profiles and starting runs is for those who analyse (queries.can_analyse).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static

from ..choices import RunStatus
from ..compare import runs_compare
from ..forms_analyses import ProfileNameForm, ProfilesCountForm
from ..models import Analysis, AnalysisRun
from ..queries import can_analyse
from ..services import AnalysisError, previous_done_run, profile_name_set, profile_names
from .access import analysable, readable

MAP_AXES = ((1, 2), (1, 3), (2, 3))
SHOWN_CATEGORIES = 8  # over/under-represented answers listed per profile


def _run_or_404(analysis: Analysis, number: int) -> AnalysisRun:
    run = analysis.runs.filter(number=number).first()
    if run is None:
        raise Http404("Exécution introuvable.")
    return run


def p_text(p: float | None) -> str:
    if p is None:
        return "—"
    if p < 0.001:
        return "< 0,001"
    return f"{p:.3f}".replace(".", ",")


def stability_words(share: float | None, resamples: int) -> str:
    if share is None:
        return ""
    pct = round(100 * share)
    found = f"retrouvé dans {pct} % des {resamples} rééchantillonnages"
    if share >= 0.85:
        return f"Très stable : {found}."
    if share >= 0.7:
        return f"Plutôt stable : {found}."
    if share >= 0.5:
        return f"Fragile : {found} ; à lire avec prudence."
    return f"Instable : {found} seulement ; ce profil dépend beaucoup des personnes interrogées."


def _described(items: list[dict]) -> list[dict]:
    return [{**item, "p_text": p_text(item.get("p_value"))} for item in items[:SHOWN_CATEGORIES]]


def _profiles(results: dict, names: dict[int, str]) -> list[dict]:
    resamples = (results.get("stability") or {}).get("resamples", 0)
    return [{**profile, "name": names.get(profile["number"], ""),
             "share_pct": round(100 * profile.get("share", 0), 1),
             "tables": [(_described(profile.get("over", [])), "Réponses sur-représentées",
                         "over"),
                        (_described(profile.get("under", [])), "Réponses sous-représentées",
                         "under")],
             "stability_text": stability_words(profile.get("stability"), resamples)}
            for profile in results.get("profiles", [])]


def _eigen_rows(results: dict) -> list[dict]:
    corrected = results.get("corrected_percent") or []
    rows, cumulative = [], 0.0
    for i, (value, pct) in enumerate(zip(results.get("eigenvalues", []),
                                         results.get("percent", []), strict=False)):
        cumulative += pct
        rows.append({"axis": i + 1, "eigenvalue": value, "percent": pct,
                     "cumulative": cumulative,
                     "corrected": corrected[i] if i < len(corrected) else None,
                     "kept": i < results.get("ncp", 0)})
    return rows


def _gain_rows(results: dict) -> list[dict]:
    """Gains of the last merges: the i-th is what is lost going from i+2 to i+1 profiles."""
    chosen = results.get("profiles_count")
    return [{"from": i + 2, "to": i + 1, "gain": gain, "chosen": i + 2 == chosen,
             "suggested": i + 2 == results.get("suggested_profiles")}
            for i, gain in enumerate(results.get("gains", []))]


def short_label(label: str) -> str:
    """A label short enough for the map: "Se soigner : Oui", "Propriétaire"."""
    if " — " in label:
        return label.rpartition(" — ")[2]
    return label.partition(" : ")[2] or label


def _points(categories: dict, kind: str, dims: int) -> list[dict]:
    return [{"cle": key, "libelle": c.get("label", key), "type": kind,
             "court": short_label(c.get("label", key)),
             "coord": [round(x, 4) for x in c.get("coord", [])[:dims]]}
            for key, c in categories.items()]


def factor_map(results: dict, names: dict[int, str]) -> dict:
    """The data of factor-map.js and of the table beside it: first 3 axes at most."""
    dims = min(3, results.get("ncp", 0), len(results.get("eigenvalues", [])))
    points = (_points(results.get("categories", {}), "active", dims)
              + _points(results.get("supplementary_categories", {}), "supplementary", dims))
    for profile in results.get("profiles", []):
        number = profile["number"]
        name = names.get(number) or f"Profil {number}"
        points.append({"cle": f"profil-{number}", "type": "profile", "libelle": name,
                       "court": name,
                       "coord": [round(x, 4) for x in profile.get("centre", [])[:dims]]})
    axes = [pair for pair in MAP_AXES if pair[1] <= dims]
    return {"points": points, "axes": [list(pair) for pair in axes],
            "pourcentages": [round(p, 1) for p in results.get("percent", [])[:dims]],
            "dims": dims}


def _charts(results: dict, eigen: list[dict], gains: list[dict]) -> dict:
    return {"valeurs_propres": [{"axe": r["axis"], "brut": round(r["percent"], 2),
                                 "corrige": None if r["corrected"] is None
                                 else round(r["corrected"], 2)} for r in eigen[:15]],
            "gains": [{"profils": g["from"], "gain": round(g["gain"], 5),
                       "choisi": g["chosen"]} for g in gains]}


def _context(request, analysis: Analysis, run: AnalysisRun | None) -> dict:
    runs = list(analysis.runs.order_by("-number"))
    latest = runs[0] if runs else None
    busy = latest is not None and latest != run and latest.status in (RunStatus.PENDING,
                                                                      RunStatus.RUNNING)
    context = {"analysis": analysis, "run": run, "runs": runs, "latest": latest,
               "in_progress": latest if busy else None,
               "can_analyse": can_analyse(request.user, analysis.group_id),
               "questionnaire": analysis.questionnaire}
    if run is None or run.status != RunStatus.DONE:
        return context
    results, names = run.results, profile_names(run)
    eigen, gains = _eigen_rows(results), _gain_rows(results)
    fmap = factor_map(results, names)
    context.update(
        results=results, eigen=eigen, gains=gains, profiles=_profiles(results, names),
        fmap=fmap, charts=_charts(results, eigen, gains),
        axis_numbers=list(range(1, fmap["dims"] + 1)),
        category_rows=_category_rows(results, fmap["dims"]), compared=runs_compare(
            previous_done_run(run), run, names),
        profile_filter=run == analysis.latest_done_run(),
        count_form=ProfilesCountForm(initial={"profiles": run.parameters.get("profiles")}),
        vega_scripts=" ".join(static(f"vendor/{name}.min.js")
                              for name in ("vega", "vega-lite", "vega-embed")))
    return context


def _category_rows(results: dict, dims: int) -> list[dict]:
    rows = []
    for kind, categories in (("active", results.get("categories", {})),
                             ("supplementary", results.get("supplementary_categories", {}))):
        for key, c in categories.items():
            coord, cos2, contrib = c.get("coord", []), c.get("cos2", []), c.get("contrib")
            cells = [{"coord": coord[i] if i < len(coord) else None,
                      "cos2": cos2[i] if i < len(cos2) else None,
                      "contrib": contrib[i] if contrib and i < len(contrib) else None}
                     for i in range(dims)]
            rows.append({"key": key, "label": c.get("label", key), "kind": kind,
                         "count": c.get("count"), "cells": cells})
    return rows


def analysis_detail(request, slug: str):
    """The latest finished run's results (or where the runs stand when none finished)."""
    analysis = readable(request, slug)
    run = analysis.latest_done_run() or analysis.latest_run()
    return render(request, "analysis/analysis.html", _context(request, analysis, run))


def run_detail(request, slug: str, number: int):
    """A run: its progress while it runs, its error if it failed, else its results."""
    analysis = readable(request, slug)
    run = _run_or_404(analysis, number)
    if run.status in (RunStatus.PENDING, RunStatus.RUNNING):
        return render(request, "analysis/run_progress.html", {
            "analysis": analysis, "run": run})
    return render(request, "analysis/analysis.html", _context(request, analysis, run))


def profile_name(request, slug: str, number: int, profile: int):
    """Name (or unname, with an empty name) a profile of a run."""
    analysis = analysable(request, slug)
    run = _run_or_404(analysis, number)
    if request.method != "POST":
        return redirect("analysis:run", analysis.slug, run.number)
    form = ProfileNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nom du profil : 120 caractères au plus.")
    else:
        try:
            named = profile_name_set(run=run, number=profile, name=form.cleaned_data["name"],
                                     user=request.user)
        except AnalysisError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Profil {profile} nommé « {named.name} »."
                             if named else f"Le profil {profile} n'a plus de nom.")
    target = ("analysis:analysis", analysis.slug) if run == analysis.latest_done_run() else (
        "analysis:run", analysis.slug, run.number)
    response = redirect(*target)
    response["Location"] += f"#profil-{profile}"
    return response
