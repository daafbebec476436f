"""What changed between two runs of a saved analysis, in plain French.

Profiles of two runs are numbered independently (the clustering may number them in another
order), so they are matched by the respondents both runs read: a profile of the new run is
the continuation of the old profile with which it shares the most of those people (Jaccard
overlap, best pairs first, each profile matched at most once). Names carry over along the
same matching (services.names_carry_over).
"""

from .choices import RunStatus

MATCH_MIN = 0.25  # below this overlap, two profiles are not "the same" one

PARAMETER_WORDS = {
    "active": "les questions actives", "supplementary": "les questions supplémentaires",
    "ncp": "le nombre d'axes", "profiles": "le nombre de profils demandé",
    "consolidation": "la consolidation", "kk": "le pré-regroupement",
    "rare": "le traitement des réponses rares", "stability": "le contrôle de stabilité",
    "filters": "les filtres des réponses",
}


def _members(run) -> dict[int, set[int]]:
    """Profile number → the submission ids in it."""
    members: dict[int, set[int]] = {}
    for sid, number in zip(run.submission_ids, run.results.get("partition", []), strict=False):
        members.setdefault(int(number), set()).add(sid)
    return members


def profiles_match(previous, current) -> dict[int, int]:
    """Current profile number → matching previous profile number (those that match)."""
    shared = set(previous.submission_ids) & set(current.submission_ids)
    if not shared:
        return {}
    old = {k: v & shared for k, v in _members(previous).items()}
    new = {k: v & shared for k, v in _members(current).items()}
    pairs = []
    for n, people in new.items():
        for o, before in old.items():
            union = len(people | before)
            overlap = len(people & before) / union if union else 0.0
            if overlap >= MATCH_MIN:
                pairs.append((overlap, -n, -o))
    matched: dict[int, int] = {}
    for _, n, o in sorted(pairs, reverse=True):
        if -n not in matched and -o not in matched.values():
            matched[-n] = -o
    return matched


def _people(n: int) -> str:
    return f"{n} personne{'s' if n > 1 else ''}"


def _answers_lines(previous, current) -> tuple[dict, list[str]]:
    before, after = set(previous.submission_ids), set(current.submission_ids)
    added, removed = len(after - before), len(before - after)
    lines = []
    if added:
        lines.append(f"{added} nouvelle{'s' if added > 1 else ''} réponse"
                     f"{'s' if added > 1 else ''} depuis l'exécution {previous.number}.")
    if removed:
        lines.append(f"{removed} réponse{'s' if removed > 1 else ''} de l'exécution "
                     f"{previous.number} ne {'sont' if removed > 1 else 'est'} plus lue"
                     f"{'s' if removed > 1 else ''} (effacée{'s' if removed > 1 else ''} "
                     "ou hors des filtres).")
    if not added and not removed:
        if previous.answers_digest == current.answers_digest:
            lines.append("Exactement les mêmes réponses que l'exécution "
                         f"{previous.number}.")
        else:
            lines.append("Les mêmes personnes, mais des réponses ou des codes ont changé.")
    return {"added": added, "removed": removed}, lines


def _parameters_line(previous, current) -> str | None:
    keys = set(previous.parameters) | set(current.parameters)
    changed = [PARAMETER_WORDS.get(k, k) for k in sorted(keys)
               if previous.parameters.get(k) != current.parameters.get(k)]
    if not changed:
        return None
    return "Paramètres changés : " + ", ".join(changed) + "."


def _profile_lines(previous, current, names: dict[int, str]) -> list[dict]:
    old = {p["number"]: p for p in previous.results.get("profiles", [])}
    new = {p["number"]: p for p in current.results.get("profiles", [])}
    matched = profiles_match(previous, current)
    rows = []
    for number, profile in sorted(new.items()):
        title = f"Profil {number}" + (f" « {names[number]} »" if number in names else "")
        size, share = profile["size"], round(100 * profile.get("share", 0))
        if number not in matched:
            rows.append({"number": number, "status": "appeared", "size": size,
                         "text": f"{title} : nouveau profil ({_people(size)}, {share} %)."})
            continue
        before = old.get(matched[number], {})
        was = before.get("size", 0)
        was_share = round(100 * before.get("share", 0))
        status = "grew" if size > was else "shrank" if size < was else "same"
        verb = {"grew": "a grandi", "shrank": "a diminué", "same": "garde sa taille"}[status]
        rows.append({"number": number, "previous": matched[number], "status": status,
                     "size": size, "previous_size": was,
                     "text": f"{title} (profil {matched[number]} de l'exécution "
                             f"{previous.number}) {verb} : {_people(size)} ({share} %) contre "
                             f"{was} ({was_share} %)."})
    for number in sorted(set(old) - set(matched.values())):
        rows.append({"number": None, "previous": number, "status": "disappeared",
                     "size": 0, "previous_size": old[number]["size"],
                     "text": f"Le profil {number} de l'exécution {previous.number} "
                             f"({_people(old[number]['size'])}) n'a pas d'équivalent : "
                             "ses personnes se répartissent dans d'autres profils."})
    return rows


def runs_compare(previous, current, names: dict[int, str] | None = None) -> dict | None:
    """What changed from `previous` to `current` (both done), or None if not comparable."""
    if previous is None or current is None or {previous.status, current.status} != {
            RunStatus.DONE}:
        return None
    answers, lines = _answers_lines(previous, current)
    if previous.version_id != current.version_id:
        lines.append("Le questionnaire a changé de version entre les deux exécutions.")
    parameters = _parameters_line(previous, current)
    if parameters:
        lines.append(parameters)
    before, after = len(previous.results.get("profiles", [])), len(
        current.results.get("profiles", []))
    if before != after:
        lines.append(f"{after} profils au lieu de {before}.")
    return {"previous": previous.number, "current": current.number, "answers": answers,
            "version_changed": previous.version_id != current.version_id,
            "lines": lines, "profiles": _profile_lines(previous, current, names or {})}
