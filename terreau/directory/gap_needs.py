"""The need of a gap map, per zone: an indicator, a survey share, or a profile's share.

`GapMap.need` says which (models.GapMap):
- {"kind": "indicator", "indicator": slug}: the indicator's values at the map's level
  (indicators.queries.indicator_values, so the user must see the indicator);
- {"kind": "survey", "questionnaire": slug, "variable": "besoins/numerique"}: the share of
  the respondents of the zone who answered "oui" to that yes/no variable (a choice of a
  multiple-choice question, as analysis/table.py names them);
- {"kind": "profile", "analysis": slug, "profile": 2}: the share of the zone's respondents
  classed in that profile by the analysis's latest finished run (analysis/publish.run_zones).

Survey and profile figures exist only for zones with at least THRESHOLD respondents (the
disclosure threshold of surveys.followup): smaller zones have no value and say why.
"""

from collections import Counter
from dataclasses import dataclass, field

from terreau.analysis.answers import AnswerFilters, answers_table
from terreau.analysis.publish import PublishError, run_zones, submission_zone_paths
from terreau.analysis.queries import analysis_get_visible
from terreau.analysis.table import NO, YES
from terreau.indicators.queries import indicator_get_visible, indicator_values
from terreau.indicators.values import IndicatorUnavailable
from terreau.surveys.followup import THRESHOLD
from terreau.surveys.queries import questionnaire_get_visible

NEED_KINDS = {"indicator": "Un indicateur", "survey": "Une réponse à un questionnaire",
              "profile": "Un profil d'une analyse"}
SMALL = f"moins de {THRESHOLD} réponses"


class GapError(ValueError):
    """The gap map cannot be computed as asked; the message is French."""


@dataclass
class Need:
    """The need per zone code (known values only) and why the others have none."""

    label: str
    unit: str
    decimals: int
    values: dict[str, float]
    notes: dict[str, str] = field(default_factory=dict)
    indicator: object = None  # the atlas indicator of an "indicator" need
    # Survey and profile needs: respondents and people citing it (or in the profile).
    respondents: dict[str, int] = field(default_factory=dict)
    cited: dict[str, int] = field(default_factory=dict)
    default_note: str = "pas de valeur"

    @property
    def from_answers(self) -> bool:
        return self.indicator is None

    def note(self, code: str) -> str:
        return self.notes.get(code, self.default_note)


def need_describe(need: dict) -> str:
    """The need in plain words, for lists and summaries."""
    kind = need.get("kind")
    if kind == "indicator":
        return f"indicateur « {need.get('indicator', '')} »"
    if kind == "survey":
        return (f"réponse « {need.get('variable', '')} » du questionnaire "
                f"« {need.get('questionnaire', '')} »")
    if kind == "profile":
        return f"profil {need.get('profile', '')} de l'analyse « {need.get('analysis', '')} »"
    return "besoin inconnu"


def need_read(need: dict, *, level: str, within: str, user, group=None) -> Need:
    """Read the need per zone; GapError (French) when it cannot be read for this user.

    `group`: the gap map's group; questionnaires and analyses must be that group's.
    """
    kind = (need or {}).get("kind")
    if kind == "indicator":
        return _indicator_need(str(need.get("indicator", "")), level, within, user)
    if kind == "survey":
        return _survey_need(str(need.get("questionnaire", "")), str(need.get("variable", "")),
                            level, user, group)
    if kind == "profile":
        return _profile_need(str(need.get("analysis", "")), need.get("profile"), level, user,
                             group)
    raise GapError("Besoin inconnu : choisissez un indicateur, une réponse à un questionnaire "
                   "ou un profil.")


def _indicator_need(slug: str, level: str, within: str, user) -> Need:
    indicator = indicator_get_visible(slug=slug, user=user) if slug else None
    if indicator is None:
        raise GapError(f"Indicateur introuvable : « {slug} ».")
    try:
        result = indicator_values(indicator, level=level, within=within, user=user)
    except (IndicatorUnavailable, PermissionError) as error:
        raise GapError(f"Valeurs de l'indicateur « {slug} » indisponibles : {error}") from None
    values = {row.code: float(row.value) for row in result.rows if row.value is not None}
    notes = {row.code: row.reason for row in result.rows if row.value is None and row.reason}
    return Need(indicator.label, indicator.unit, indicator.decimals, values, notes,
                indicator=indicator)


def _same_group(obj_group_id: int, group, what: str) -> None:
    if group is not None and obj_group_id != group.pk:
        raise GapError(f"{what} appartient à un autre groupe que la carte.")


def submission_codes(ids: list[int], level: str) -> dict[int, str]:
    """Per submission, the code of its zone or of its zone's ancestor at `level` (else none)."""
    codes = {}
    for sid, path in submission_zone_paths(ids).items():
        code = next((c for lvl, c, _ in path if lvl == level), None)
        if code:
            codes[sid] = code
    return codes


def _shares(respondents: Counter, cited: Counter) -> tuple[dict, dict]:
    values, notes = {}, {}
    for code, total in respondents.items():
        if total >= THRESHOLD:
            values[code] = 100 * cited[code] / total
        else:
            notes[code] = SMALL
    return values, notes


def _survey_need(slug: str, variable: str, level: str, user, group) -> Need:
    questionnaire = questionnaire_get_visible(slug=slug, user=user) if slug else None
    if questionnaire is None:
        raise GapError(f"Questionnaire introuvable : « {slug} ».")
    _same_group(questionnaire.group_id, group, f"Le questionnaire « {slug} »")
    loaded = answers_table(questionnaire, AnswerFilters())
    described = loaded.table.variables.get(variable)
    if described is None or described.kind != "choice":
        raise GapError(f"« {variable} » n'est pas une réponse oui/non du questionnaire "
                       f"« {slug} » (choisissez un choix d'une question à choix multiples).")
    column = loaded.table.frame[variable]
    codes = submission_codes(list(column.index), level)
    respondents, cited = Counter(), Counter()
    for sid, answer in column.items():
        code = codes.get(sid)
        if code and answer in (YES, NO):
            respondents[code] += 1
            cited[code] += answer == YES
    values, notes = _shares(respondents, cited)
    return Need(f"Citent « {described.choice_label} » ({questionnaire.title})", "%", 0,
                values, notes, respondents=dict(respondents), cited=dict(cited),
                default_note="aucune réponse")


def _profile_need(slug: str, number, level: str, user, group) -> Need:
    analysis = analysis_get_visible(slug=slug, user=user) if slug else None
    if analysis is None:
        raise GapError(f"Analyse introuvable : « {slug} ».")
    _same_group(analysis.group_id, group, f"L'analyse « {slug} »")
    run = analysis.latest_done_run()
    if run is None:
        raise GapError(f"L'analyse « {slug} » n'a aucune exécution terminée.")
    try:
        zones = run_zones(run)
    except PublishError as error:
        raise GapError(str(error)) from None
    if zones.level != level:
        raise GapError(f"Les profils de l'analyse « {slug} » sont comptés au niveau "
                       f"« {zones.level} » : choisissez ce niveau pour la carte.")
    try:
        k = int(number)
    except (TypeError, ValueError):
        k = 0
    if not 1 <= k <= zones.counts.profiles:
        raise GapError(f"Profil {number} inconnu : l'analyse « {slug} » a "
                       f"{zones.counts.profiles} profils.")
    respondents = Counter({z.code: z.respondents for z in zones.counts.zones})
    cited = Counter({z.code: z.counts[k - 1] for z in zones.counts.zones})
    values, notes = _shares(respondents, cited)
    name = zones.profile_names.get(k, "")
    label = f"Profil {k}" + (f" — {name}" if name else "") + f" ({analysis.title})"
    return Need(label, "%", 0, values, notes, respondents=dict(respondents),
                cited=dict(cited), default_note="aucune réponse")


def survey_variables(questionnaire) -> list[tuple[str, str]]:
    """The yes/no variables of a questionnaire, (key, label), for the creation form."""
    variables = answers_table(questionnaire, AnswerFilters(ids=())).table.variables
    return [(key, v.label) for key, v in variables.items() if v.kind == "choice"]
