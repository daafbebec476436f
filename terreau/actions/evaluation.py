"""Evaluation rounds of an action: what happened, the indicators watched before and after,
the levers and obstacles met, the verdicts on the hypotheses it tests, the decision.

Values of the watched indicators come from the catalogue (the indicator's value for a zone
of the action at a period the catalogue has); a value is typed by hand only when the
catalogue has none for that zone and period. Which one it is is stored beside the value
(`before_from_catalogue`, `after_from_catalogue`), so a later version of the data does not
change what the round said.

Concluding a round applies its verdicts in the scenarios, with the round as evidence, and
makes the round read-only. Who may do what: queries.py.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from terreau.catalog.choices import Sensitivity
from terreau.catalog.models import Dataset
from terreau.indicators.formula import FormulaError, parse
from terreau.indicators.models import Indicator
from terreau.indicators.queries import indicator_list_visible, indicator_values
from terreau.indicators.values import (
    IndicatorUnavailable,
    periods_available,
    variables_by_name,
)
from terreau.scenarios.choices import Status
from terreau.scenarios.hypotheses import hypothesis_set_status
from terreau.scenarios.models import Hypothesis, StatusChange
from terreau.scenarios.services import ScenarioError
from terreau.territory.models import Zone
from terreau.territory.queries import zone_within_param

from .choices import ActionStatus, Decision, FactorKind, FactorTheme
from .models import Action, EvaluationRound, Factor, Verdict, WatchedIndicator
from .queries import action_can_edit, verdict_can_apply

TEXT_MAX = 5000
FACTOR_MAX = 2000
CATALOGUE, TYPED = "catalogue", "saisie"
ROUND_FIELDS = ("held_on", "what_happened", "decision", "decision_note", "improvements")


class EvaluationError(Exception):
    """A round that cannot be saved or concluded; the message is French, for the person."""


@dataclass
class WatchedInput:
    indicator: Indicator
    zone: Zone | None = None
    before_period: str = ""
    before_value: float | None = None
    after_period: str = ""
    after_value: float | None = None
    note: str = ""


@dataclass
class FactorInput:
    kind: str
    theme: str
    text: str


@dataclass
class VerdictInput:
    hypothesis: Hypothesis
    new_status: str
    reason: str


# ---- The catalogue ----------------------------------------------------------------------


def indicators_offered(action: Action, user) -> QuerySet[Indicator]:
    """The indicators a round of `action` may watch: seen by `user`, and whose data may be
    read by every reader of the action (open or shared data; a group's own data only for
    its actions that are not shared). Restricted data never enters a round."""
    allowed = Q(sensitivity__in=(Sensitivity.OPEN, Sensitivity.SHARED))
    if not action.shared:
        allowed |= Q(sensitivity=Sensitivity.GROUP, owner_group=action.group_id)
    refused = Dataset.objects.exclude(allowed)
    return indicator_list_visible(user).exclude(variables__dataset__in=refused).distinct()


def catalogue_periods(indicator: Indicator) -> list[str]:
    """The periods the catalogue has for the indicator, oldest first."""
    try:
        formula = parse(indicator.formula)
        return periods_available(variables_by_name(indicator, formula), formula)
    except (FormulaError, IndicatorUnavailable):
        return []


def _data_level(indicator: Indicator) -> str:
    variable = indicator.variables.select_related("dataset").first()
    return variable.dataset.level if variable is not None else ""


def catalogue_value(indicator: Indicator, zone: Zone, period: str, *, user) -> float | None:
    """The indicator's value for the zone at the period, as the atlas computes it; None when
    the catalogue has none (unknown period, secret, zone out of the data, hidden)."""
    if not period or zone is None:
        return None
    within = zone_within_param(zone)
    try:
        result = indicator_values(indicator, level=zone.level, within=within, period=period,
                                  user=user)
        row = next((r for r in result.rows if r.code == zone.code), None)
        if row is not None and row.value is not None:
            return row.value
        # A zone larger than the data's (a département for communal data): its value is
        # the one the atlas gives it as a reference of its communes.
        level = _data_level(indicator)
        if not level or level == zone.level:
            return None
        result = indicator_values(indicator, level=level, within=within, period=period,
                                  user=user)
    except (IndicatorUnavailable, PermissionError):
        return None
    row = next((r for r in result.references
                if r.code == zone.code and r.level == zone.level), None)
    return row.value if row is not None else None


# ---- Saving a round ---------------------------------------------------------------------


def round_next_number(action: Action) -> int:
    return (action.rounds.aggregate(last=Max("number"))["last"] or 0) + 1


def _check_can_edit(round_or_action, by) -> Action:
    action = getattr(round_or_action, "action", round_or_action)
    if not action_can_edit(by, action):
        raise PermissionDenied("Seuls l'auteur de l'action, ses participant·es et l'animation "
                               "du groupe modifient ses évaluations.")
    return action


def _clean_fields(fields: dict) -> dict:
    held_on = fields.get("held_on")
    if not isinstance(held_on, date):
        raise EvaluationError("Date : indiquez le jour de ce temps d'évaluation.")
    decision = fields.get("decision") or ""
    if decision not in ("", *Decision.values):
        raise EvaluationError(f"Décision : « {decision} » n'est pas un choix possible.")
    cleaned = {"held_on": held_on, "decision": decision}
    labels = {"what_happened": "Ce qui s'est passé", "decision_note": "Pourquoi cette décision",
              "improvements": "Ce qu'on améliorera"}
    for name, label in labels.items():
        text = (fields.get(name) or "").strip()
        if len(text) > TEXT_MAX:
            raise EvaluationError(f"{label} : {TEXT_MAX} caractères au plus.")
        cleaned[name] = text
    return cleaned


def _watched_build(round: EvaluationRound, row: WatchedInput, line: int, offered,
                   zones, by) -> WatchedIndicator:
    where = f"Indicateur {line} ({row.indicator.label})"
    if row.indicator.pk not in offered:
        raise EvaluationError(f"{where} : cet indicateur n'est pas proposé pour cette action "
                              "(données réservées, ou que vous ne voyez pas).")
    if row.zone is not None and row.zone.pk not in zones:
        raise EvaluationError(f"{where} : la zone « {row.zone.name} » n'est pas une zone de "
                              "l'action.")
    values = {}
    for side, label in (("before", "avant"), ("after", "après")):
        period = (getattr(row, f"{side}_period") or "").strip()[:40]
        typed = getattr(row, f"{side}_value")
        found = catalogue_value(row.indicator, row.zone, period, user=by)
        if typed is not None and not period:
            raise EvaluationError(f"{where} : donnez la date de la valeur « {label} ».")
        values[f"{side}_period"] = period
        values[f"{side}_value"] = found if found is not None else typed
        values[f"{side}_from_catalogue"] = found is not None
    return WatchedIndicator(round=round, indicator=row.indicator, zone=row.zone,
                            note=(row.note or "").strip()[:500], **values)


def _factor_build(round: EvaluationRound, row: FactorInput, line: int) -> Factor:
    text = (row.text or "").strip()
    if row.kind not in FactorKind.values:
        raise EvaluationError(f"Levier ou frein {line} : choisissez « levier » ou « frein ».")
    if row.theme not in FactorTheme.values:
        raise EvaluationError(f"Levier ou frein {line} : thème « {row.theme} » inconnu.")
    if not text:
        raise EvaluationError(f"Levier ou frein {line} : décrivez-le.")
    if len(text) > FACTOR_MAX:
        raise EvaluationError(f"Levier ou frein {line} : {FACTOR_MAX} caractères au plus.")
    return Factor(round=round, kind=row.kind, theme=row.theme, text=text)


def _verdict_build(round: EvaluationRound, row: VerdictInput, tested: set[int]) -> Verdict:
    where = f"Hypothèse « {row.hypothesis.statement} »"
    if row.hypothesis.pk not in tested:
        raise EvaluationError(f"{where} : l'action ne la teste pas.")
    if row.new_status not in Status.values:
        raise EvaluationError(f"{where} : statut « {row.new_status} » inconnu.")
    reason = (row.reason or "").strip()
    if not reason:
        raise EvaluationError(f"{where} : dites pourquoi vous concluez ainsi.")
    return Verdict(round=round, hypothesis=row.hypothesis, new_status=row.new_status,
                   reason=reason[:TEXT_MAX])


@transaction.atomic
def round_save(*, action: Action, by, fields: dict, round: EvaluationRound | None = None,
               indicators: list[WatchedInput] | None = None,
               factors: list[FactorInput] | None = None,
               verdicts: list[VerdictInput] | None = None) -> EvaluationRound:
    """Create a round (numbered after the last one) or change one that is not concluded.

    Lists given replace what the round had; None keeps it. All or nothing.
    """
    _check_can_edit(action, by)
    cleaned = _clean_fields(fields)
    if round is None:
        round = EvaluationRound(action=action, number=round_next_number(action), created_by=by)
    elif round.concluded_at is not None:
        raise EvaluationError("Ce temps d'évaluation est conclu : il ne se modifie plus.")
    for name, value in cleaned.items():
        setattr(round, name, value)
    round.save()
    if indicators is not None:
        offered = set(indicators_offered(action, by).values_list("pk", flat=True))
        zones = set(action.zones.values_list("pk", flat=True))
        rows = [_watched_build(round, row, i, offered, zones, by)
                for i, row in enumerate(indicators, start=1)]
        round.indicators.all().delete()
        WatchedIndicator.objects.bulk_create(rows)
    if factors is not None:
        rows = [_factor_build(round, row, i) for i, row in enumerate(factors, start=1)]
        round.factors.all().delete()
        Factor.objects.bulk_create(rows)
    if verdicts is not None:
        tested = set(action.hypotheses.values_list("pk", flat=True))
        rows = [_verdict_build(round, row, tested) for row in verdicts]
        if len({v.hypothesis_id for v in rows}) < len(rows):
            raise EvaluationError("Une hypothèse a deux conclusions : gardez-en une.")
        round.verdicts.all().delete()
        Verdict.objects.bulk_create(rows)
    return round


def evidence_label(round: EvaluationRound) -> str:
    return f"Évaluation {round.number} de l'action « {round.action.title} »"


@transaction.atomic
def round_conclude(*, round: EvaluationRound, by) -> list[StatusChange]:
    """Apply the round's verdicts to the hypotheses (the round is their evidence) and close
    the round; all or nothing. The decision must be given; "arrêter" stops the action."""
    round = (EvaluationRound.objects.select_for_update().select_related("action")
             .get(pk=round.pk))
    _check_can_edit(round, by)
    if round.concluded_at is not None:
        raise EvaluationError("Ce temps d'évaluation est déjà conclu.")
    if not round.decision:
        raise EvaluationError("Indiquez la décision (continuer, adapter, arrêter, nouvelle "
                              "action) avant de conclure.")
    changes = []
    for verdict in round.verdicts.select_related("hypothesis__scenario").order_by("pk"):
        hypothesis = verdict.hypothesis
        if not verdict_can_apply(by, hypothesis):
            raise PermissionDenied(
                f"Vous ne pouvez pas changer le statut de l'hypothèse « {hypothesis.statement} » "
                f"(scénario « {hypothesis.scenario.title} ») : demandez à une personne qui "
                "anime ce scénario de conclure, ou retirez cette conclusion.")
        try:
            change = hypothesis_set_status(
                hypothesis=hypothesis, status=verdict.new_status, reason=verdict.reason, by=by,
                evidence_label=evidence_label(round), evidence_url=round.get_absolute_url())
        except ScenarioError as error:
            raise EvaluationError(f"Hypothèse « {hypothesis.statement} » : {error}") from None
        verdict.status_change = change
        verdict.save(update_fields=["status_change"])
        changes.append(change)
    round.concluded_at = timezone.now()
    round.concluded_by = by
    round.save(update_fields=["concluded_at", "concluded_by"])
    if round.decision == Decision.STOP:
        Action.objects.filter(pk=round.action_id).update(status=ActionStatus.STOPPED,
                                                         updated_at=timezone.now())
    return changes


# ---- Reading a round --------------------------------------------------------------------


def round_get(action: Action, number) -> EvaluationRound | None:
    try:
        return action.rounds.select_related("action").filter(number=int(number)).first()
    except (TypeError, ValueError):
        return None


def watched_rows(round: EvaluationRound) -> list[dict]:
    """The watched indicators with the change and where each value comes from."""
    rows = []
    for watched in round.indicators.select_related("indicator", "zone"):
        row = {"watched": watched, "change": None}
        for side in ("before", "after"):
            value = getattr(watched, f"{side}_value")
            from_catalogue = getattr(watched, f"{side}_from_catalogue")
            row[f"{side}_source"] = ("" if value is None
                                     else CATALOGUE if from_catalogue else TYPED)
        if watched.before_value is not None and watched.after_value is not None:
            row["change"] = watched.after_value - watched.before_value
        rows.append(row)
    return rows


def verdicts_blocked(round: EvaluationRound, user) -> list[Verdict]:
    """The verdicts `user` may not apply (someone else must conclude)."""
    return [v for v in round.verdicts.select_related("hypothesis__scenario")
            if not verdict_can_apply(user, v.hypothesis)]
