"""Profiles of needs: MCA, then HCPC, then the description of each profile (no Django).

`profiles_run` is what the saved analyses, the command line and the demo call; its result is
a JSON-serialisable dict (stored in AnalysisRun.results, see the keys below).
Conventions follow FactoMineR's `MCA(ncp = 5)` then `HCPC(nb.clust = -1, consol = TRUE)`
and `catdes(proba = 0.05)`; see mca.py, hcpc.py, catdes.py for the details and the few
documented departures (k-means consolidation is Lloyd's, and is also done after a kk
pre-grouping, which FactoMineR skips).
"""

import numpy as np

from .catdes import catdes
from .hcpc import hcpc
from .mca import Coded, mca
from .readiness import MIN_RESPONDENTS, apply_rare, rare_plan, readiness
from .sentences import category_label, profile_sentence
from .stability import stability as bootstrap
from .stability import stability_words
from .table import SurveyTable

PARAMETER_DEFAULTS = {"active": [], "supplementary": [], "ncp": 5, "profiles": None,
                      "consolidation": True, "kk": "auto", "rare": "keep", "stability": 0}
MAX_PROFILES = 30
MAX_RESAMPLES = 500


class ProfilesError(ValueError):
    """Impossible input, with a French message naming what is at fault."""


def profiles_run(table: SurveyTable, *, active, supplementary=(), ncp=5, profiles=None,
                 consolidation=True, kk="auto", rare="keep", stability=0, random_state=0,
                 progress=None) -> dict:
    """Run the whole analysis; `progress(percent, label)` is told each stage (French)."""
    def tell(percent: int, label: str) -> None:
        if progress:
            progress(percent, label)

    active, supplementary = list(active), [s for s in supplementary if s not in active]
    _check(table, active, supplementary, ncp, profiles, kk, rare, stability)
    tell(0, "Préparation des réponses")
    frame = table.frame
    plan = rare_plan(table, active) if rare == "group" else []
    if plan:
        frame = apply_rare(frame, plan)
    order = {key: [c.name for c in v.categories] for key, v in table.variables.items()}
    tell(10, "Analyse des correspondances")
    result = mca(frame, active, supplementary, ncp=ncp, order=order)
    if result.ncp == 0:
        raise ProfilesError("Les questions actives ne distinguent personne : chacune n'a "
                            "qu'une seule réponse.")
    tell(40, "Classification des personnes")
    clusters = hcpc(result.rows, profiles=profiles, consolidation=consolidation, kk=kk,
                    random_state=random_state)
    tell(60, "Description des profils")
    described = catdes(_all_coded(result), clusters.partition, clusters.count)
    shares = [None] * clusters.count
    summary = None
    if stability:
        tell(70, "Stabilité des profils")
        shares, summary = bootstrap(
            frame, active, clusters.partition, clusters.count, resamples=int(stability),
            ncp=ncp, kk=kk, consolidation=consolidation, random_state=random_state,
            order=order, progress=lambda b, total: tell(70 + 29 * b // total,
                                                        "Stabilité des profils"))
    tell(100, "Terminé")
    ready = readiness(table, active, supplementary, rare=rare)
    warnings = ready["messages"] if ready["level"] != "ok" else []
    return {
        "respondents": len(table), "ncp": result.ncp, "active": active,
        "supplementary": supplementary,
        **_axes(result), "categories": _categories(table, result),
        "supplementary_categories": _supplementary(table, result),
        "rare": plan, "partition": [int(p) + 1 for p in clusters.partition],
        "suggested_profiles": clusters.suggested, "profiles_count": clusters.count,
        "gains": clusters.gains, "moved": clusters.moved, "pre_groups": clusters.pre_groups,
        "profiles": _profiles(table, clusters, described, shares),
        "stability": summary, "warnings": warnings,
    }


def _check(table, active, supplementary, ncp, profiles, kk, rare, stability) -> None:
    unknown = [key for key in active + supplementary if key not in table.frame.columns]
    if unknown:
        raise ProfilesError("Question inconnue : " + ", ".join(unknown) + ".")
    if len(active) < 2:
        raise ProfilesError("Choisissez au moins deux questions actives.")
    if len(table) < MIN_RESPONDENTS:
        raise ProfilesError(f"Seulement {len(table)} réponses : il en faut au moins "
                            f"{MIN_RESPONDENTS} pour chercher des profils.")
    if not isinstance(ncp, int) or ncp < 1:
        raise ProfilesError("Nombre d'axes (ncp) : un entier d'au moins 1.")
    if profiles is not None and (not isinstance(profiles, int)
                                 or not 2 <= profiles <= min(MAX_PROFILES, len(table))):
        raise ProfilesError(f"Nombre de profils : un entier de 2 à {MAX_PROFILES}.")
    if not (kk in ("auto", None) or (isinstance(kk, int) and kk >= 2)):
        raise ProfilesError("Pré-regroupement (kk) : « auto », aucun, ou un entier ≥ 2.")
    if rare not in ("keep", "group"):
        raise ProfilesError("Réponses rares : « keep » (garder) ou « group » (regrouper).")
    if not isinstance(stability, int) or not 0 <= stability <= MAX_RESAMPLES:
        raise ProfilesError(f"Stabilité : un nombre de tirages de 0 à {MAX_RESAMPLES}.")


def _all_coded(result) -> Coded:
    """Active and supplementary questions together (catdes describes with both)."""
    parts = [result.active] + ([result.supplementary] if result.supplementary else [])
    return Coded([v for p in parts for v in p.variables], [n for p in parts for n in p.names],
                 np.hstack([p.codes for p in parts]))


def _floats(values) -> list[float]:
    return [float(v) for v in np.asarray(values).ravel()]


def _axes(result) -> dict:
    return {"eigenvalues": _floats(result.eigenvalues), "percent": _floats(result.percent),
            "corrected_inertia": _floats(result.corrected),
            "corrected_percent": _floats(result.corrected_percent)}


def _categories(table, result) -> dict:
    coded = result.active
    return {key: {"coord": _floats(result.coord[j]), "contrib": _floats(result.contrib[j]),
                  "cos2": _floats(result.cos2[j]), "v_test": _floats(result.v_test[j]),
                  "count": int(round(result.counts[j])), "variable": variable,
                  "label": category_label(table, key)}
            for j, (key, variable) in enumerate(zip(coded.keys, coded.key_variables,
                                                    strict=True))}


def _supplementary(table, result) -> dict:
    coded = result.supplementary
    if coded is None:
        return {}
    return {key: {"coord": _floats(result.sup_coord[j]), "cos2": _floats(result.sup_cos2[j]),
                  "v_test": _floats(result.sup_v_test[j]),
                  "count": int(round(result.sup_counts[j])), "variable": variable,
                  "label": category_label(table, key)}
            for j, (key, variable) in enumerate(zip(coded.keys, coded.key_variables,
                                                    strict=True))}


def _profiles(table, clusters, described, shares) -> list[dict]:
    sizes = np.bincount(clusters.partition, minlength=clusters.count)
    n = len(clusters.partition)
    profiles = []
    for k in range(clusters.count):
        rows = [{key: row[key] for key in ("category", "v_test", "p_value", "pct_in_profile",
                                           "pct_of_category", "pct_overall")}
                | {"label": category_label(table, row["category"])} for row in described[k]]
        over = [r for r in rows if r["v_test"] > 0]
        under = [r for r in rows if r["v_test"] < 0]  # FactoMineR: most negative last
        share = sizes[k] / n
        profiles.append({
            "number": k + 1, "size": int(sizes[k]), "share": float(share),
            "centre": _floats(clusters.centres[k]), "over": over, "under": under,
            "sentence": profile_sentence(table, k + 1, share, over),
            "stability": shares[k], "stability_words": stability_words(shares[k])})
    return profiles
