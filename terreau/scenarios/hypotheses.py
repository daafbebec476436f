"""Hypotheses of a scenario: statement, evidence, status and the history of its changes.

The evidence cites steps of the same scenario, and indicators and datasets the person who
cites them may see; a reader then sees only the evidence visible to them (a restricted
dataset cited by a steward is not even named to others). Every status change records who,
when, why (and the meeting where it was decided); the first row is the statement itself.
Permissions are checked by the callers (queries.scenario_can_contribute).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from terreau.catalog.models import Dataset
from terreau.core.markdown import MAX_LENGTH
from terreau.indicators.queries import indicator_list_visible

from .choices import NotificationKind, Status
from .models import Hypothesis, Meeting, Scenario, StatusChange
from .notifications import notify, person_name
from .queries import scenario_can_contribute, scenario_can_edit
from .services import ScenarioError

STATEMENT_MAX = 1000
REASON_MAX = 2000
FIRST_REASON = "Hypothèse formulée"


def _clean_statement(statement: str) -> str:
    statement = " ".join((statement or "").split())
    if not statement:
        raise ScenarioError("L'énoncé de l'hypothèse est obligatoire.")
    if len(statement) > STATEMENT_MAX:
        raise ScenarioError(f"L'énoncé dépasse {STATEMENT_MAX} caractères.")
    return statement


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_LENGTH:
        raise ScenarioError(f"Les autres éléments dépassent {MAX_LENGTH} caractères.")
    return note


def _ids(values) -> list:
    return [v for v in (values or []) if str(v).strip() != ""]


def _steps(scenario: Scenario, step_ids) -> list:
    step_ids = _ids(step_ids)
    try:
        steps = list(scenario.steps.filter(pk__in=[int(pk) for pk in step_ids]))
    except (TypeError, ValueError):
        raise ScenarioError("Étape inconnue.") from None
    if len(steps) != len(set(map(int, step_ids))):
        raise ScenarioError("Une étape citée n'appartient pas à ce scénario.")
    return steps


def _indicators(user, indicators) -> list:
    """Indicators given by pk or slug, each visible to `user`."""
    wanted = {str(v).strip() for v in _ids(indicators)}
    pks = {int(v) for v in wanted if v.isdigit()}
    slugs = wanted - {str(pk) for pk in pks}
    found = list(indicator_list_visible(user).filter(Q(pk__in=pks) | Q(slug__in=slugs)))
    if len(found) != len(wanted):
        raise ScenarioError("Un indicateur cité est introuvable.")
    return found


def _datasets(user, dataset_ids) -> list:
    dataset_ids = _ids(dataset_ids)
    try:
        wanted = {int(pk) for pk in dataset_ids}
    except (TypeError, ValueError):
        raise ScenarioError("Jeu de données inconnu.") from None
    found = list(Dataset.objects.visible_to(user).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ScenarioError("Un jeu de données cité est introuvable.")
    return found


def _set_evidence(hypothesis: Hypothesis, user, step_ids, indicators, dataset_ids) -> None:
    """Replace the evidence the user can see; what they cannot see (cited by someone with
    wider rights) is kept, never silently dropped."""
    hypothesis.steps.set(_steps(hypothesis.scenario, step_ids))
    visible_ind = indicator_list_visible(user).values("pk")
    hidden_ind = list(hypothesis.indicators.exclude(pk__in=visible_ind))
    hypothesis.indicators.set(_indicators(user, indicators) + hidden_ind)
    visible_ds = Dataset.objects.visible_to(user).values("pk")
    hidden_ds = list(hypothesis.datasets.exclude(pk__in=visible_ds))
    hypothesis.datasets.set(_datasets(user, dataset_ids) + hidden_ds)


@transaction.atomic
def hypothesis_add(*, scenario: Scenario, statement: str, by, step_ids=(), indicators=(),
                   dataset_ids=(), evidence_note: str = "") -> Hypothesis:
    """State a hypothesis ("à vérifier"), with its evidence; its history starts here."""
    statement = _clean_statement(statement)
    note = _clean_note(evidence_note)
    last = scenario.hypotheses.aggregate(last=Max("position"))["last"] or 0
    hypothesis = Hypothesis.objects.create(scenario=scenario, position=last + 1,
                                           statement=statement, evidence_note=note,
                                           status=Status.TO_CHECK, created_by=by)
    _set_evidence(hypothesis, by, step_ids, indicators, dataset_ids)
    StatusChange.objects.create(hypothesis=hypothesis, old_status="",
                                new_status=Status.TO_CHECK, reason=FIRST_REASON, by=by)
    scenario.save(update_fields=["updated_at"])
    return hypothesis


@transaction.atomic
def hypothesis_update(*, hypothesis: Hypothesis, statement: str, by, step_ids=(),
                      indicators=(), dataset_ids=(), evidence_note: str = "") -> Hypothesis:
    hypothesis.statement = _clean_statement(statement)
    hypothesis.evidence_note = _clean_note(evidence_note)
    hypothesis.save()
    _set_evidence(hypothesis, by, step_ids, indicators, dataset_ids)
    return hypothesis


def hypothesis_can_change(user, hypothesis: Hypothesis) -> bool:
    """Its author (still in the group) and the scenario's editors reword or delete it."""
    if scenario_can_edit(user, hypothesis.scenario):
        return True
    return (hypothesis.created_by_id is not None and hypothesis.created_by_id == user.pk
            and scenario_can_contribute(user, hypothesis.scenario))


def hypothesis_delete(*, hypothesis: Hypothesis) -> None:
    hypothesis.delete()


@transaction.atomic
def hypothesis_set_status(*, hypothesis: Hypothesis, status: str, reason: str, by,
                          meeting: Meeting | None = None, evidence_label: str = "",
                          evidence_url: str = "") -> StatusChange:
    """Change the status, saying why; the change is kept in the history, and the authors of
    the hypothesis and of the scenario are told. `evidence_*` name and link what showed it
    (an action's evaluation round), for the scenario to show."""
    if status not in Status.values:
        raise ScenarioError(f"Statut inconnu « {status} ».")
    if status == hypothesis.status:
        raise ScenarioError(f"L'hypothèse est déjà « {Status(status).label.lower()} » : "
                            "choisissez un autre statut.")
    reason = (reason or "").strip()
    if not reason:
        raise ScenarioError("Dites pourquoi le statut change.")
    if len(reason) > REASON_MAX:
        raise ScenarioError(f"La raison dépasse {REASON_MAX} caractères.")
    change = StatusChange.objects.create(hypothesis=hypothesis, old_status=hypothesis.status,
                                         new_status=status, reason=reason, by=by,
                                         meeting=meeting, evidence_label=evidence_label,
                                         evidence_url=evidence_url)
    hypothesis.status = status
    hypothesis.save(update_fields=["status", "updated_at"])
    _notify_status(hypothesis, change)
    return change


def _notify_status(hypothesis: Hypothesis, change: StatusChange) -> None:
    scenario = hypothesis.scenario
    text = (f"{person_name(change.by)} a changé le statut d'une hypothèse de "
            f"« {scenario.title} » : {change.get_old_status_display()} → "
            f"{change.get_new_status_display()}")
    url = f"{scenario.get_absolute_url()}#{hypothesis.anchor}"
    told = set()
    for person in (hypothesis.created_by, scenario.author):
        if person is not None and person.pk not in told:
            told.add(person.pk)
            notify(recipient=person, kind=NotificationKind.STATUS, scenario=scenario,
                   actor=change.by, text=text, url=url,
                   excerpt=f"{hypothesis.statement} — {change.reason}")


# ---- Reading ------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    at: object
    who: str  # "" for anonymous readers (no names on public pages)
    old: str
    new: str
    reason: str
    meeting: Meeting | None
    evidence_label: str = ""  # what showed it (an action's evaluation round), and its link
    evidence_url: str = ""

    def sentence(self) -> str:
        """ "12/12/2026 — Mehdi : À vérifier → Confirmée : parce que…" """
        date = timezone.localtime(self.at).strftime("%d/%m/%Y")
        who = f" — {self.who}" if self.who else ""
        change = f"{self.old} → {self.new}" if self.old else self.new
        return f"{date}{who} : {change} : {self.reason}"


def status_history(hypothesis: Hypothesis, *, with_names: bool) -> list[HistoryRow]:
    rows = []
    for change in hypothesis.changes.select_related("by", "meeting"):
        rows.append(HistoryRow(at=change.at, who=person_name(change.by) if with_names else "",
                               old=change.get_old_status_display() if change.old_status else "",
                               new=change.get_new_status_display(), reason=change.reason,
                               meeting=change.meeting, evidence_label=change.evidence_label,
                               evidence_url=change.evidence_url))
    return rows


def evidence_for(hypothesis: Hypothesis, user) -> dict:
    """The evidence `user` may see: steps, indicators, datasets (each a list)."""
    return {
        "steps": list(hypothesis.steps.order_by("position")),
        "indicators": list(hypothesis.indicators.filter(
            pk__in=indicator_list_visible(user).values("pk")).order_by("label")),
        "datasets": list(hypothesis.datasets.filter(
            pk__in=Dataset.objects.visible_to(user).values("pk"))),
    }


def hypothesis_list(scenario: Scenario) -> list[Hypothesis]:
    return list(scenario.hypotheses.select_related("created_by").order_by("position", "pk"))


def hypothesis_get(*, scenario: Scenario, pk) -> Hypothesis | None:
    try:
        return scenario.hypotheses.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
