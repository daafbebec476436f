"""One project year of the Tours group, for the report's tests: three sessions in year 1
(the last on 31 March), one in year 2, one of the Vierzon group, targets of the year and of
the whole project, an action with a concluded evaluation round, an interview.

Year 1 of the group: 3 sessions, 28.5 person-hours (3 h × 3 people, 2 h × (1 + 5
inhabitants), 1.5 h × (1 + 4 inhabitants)), 3 participants, 9 inhabitants.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from terreau.actions.choices import ActionStatus, Decision, FactorKind, FactorTheme
from terreau.actions.models import Action, EvaluationRound, Factor, Verdict
from terreau.monitoring.choices import Metric, PersonKind, SessionType
from terreau.monitoring.models import Interview, Target
from terreau.scenarios.choices import Status
from terreau.scenarios.models import Hypothesis, Scenario

from .factories import person_make, session_make


def _target(group, year, label, unit, value, metric, **fields):
    return Target.objects.create(group=group, year=year, label=label, unit=unit,
                                 value=Decimal(value), metric=metric, **fields)


@pytest.fixture
def year_data(group, other_group, people, fanny):
    fanny_p, mehdi_p, lea_p = people["fanny"], people["mehdi"], people["lea"]
    session_make(group, date(2025, 5, 12), title="Lancement du diagnostic", hours=3,
                 people=[fanny_p, mehdi_p], guests=[lea_p])
    session_make(group, date(2025, 10, 2), title="Formation aux données",
                 type=SessionType.TRAINING, hours=2, people=[mehdi_p], inhabitants=5)
    session_make(group, date(2026, 3, 31), title="Restitution au quartier",
                 type=SessionType.LOCAL_PRESENTATION, hours=1.5, people=[fanny_p],
                 inhabitants=4)
    session_make(group, date(2026, 4, 1), title="Rentrée de l'année 2", hours=2,
                 people=[fanny_p])
    olga_p = person_make(other_group, "Olga Petit", structure="Maison de santé")
    session_make(other_group, date(2025, 6, 1), title="Séance de Vierzon",
                 type=SessionType.TRAINING, hours=3, people=[olga_p])
    targets = {
        "sessions": _target(group, 1, "Séances de travail tenues", "séances", "10",
                            Metric.SESSIONS),
        "hours": _target(group, None, "Heures de présence sur le projet", "heures", "100",
                         Metric.PERSON_HOURS),
        "documents": _target(group, 1, "Documents produits", "documents", "4", Metric.TYPED),
        "next_year": _target(group, 2, "Séances de l'année 2", "séances", "12",
                             Metric.SESSIONS),
        "trained": _target(None, None, "Personnes formées", "personnes", "20",
                           Metric.TRAINED),
    }
    scenario = Scenario.objects.create(slug="chomage-nord", title="Le chômage au nord",
                                       group=group, author=fanny, visibility="group")
    hypothesis = Hypothesis.objects.create(
        scenario=scenario, created_by=fanny,
        statement="Les jeunes du nord ne connaissent pas la Mission locale.")
    action = Action.objects.create(group=group, slug="permanence-emploi",
                                   title="Permanence emploi au centre social",
                                   status=ActionStatus.RUNNING, starts_on=date(2025, 6, 1))
    action.hypotheses.add(hypothesis)
    Action.objects.create(group=group, slug="future", title="Action de l'année 2",
                          starts_on=date(2026, 6, 1))
    round_ = EvaluationRound.objects.create(
        action=action, number=1, held_on=date(2025, 12, 10),
        what_happened="Douze jeunes reçus.", decision=Decision.CONTINUE,
        decision_note="Les jeunes reviennent.", improvements="Prévenir les habitants plus tôt.",
        concluded_at=timezone.make_aware(datetime(2025, 12, 11, 10)), concluded_by=fanny)
    Verdict.objects.create(round=round_, hypothesis=hypothesis, new_status=Status.CONFIRMED,
                           reason="Aucun ne connaissait la permanence.")
    Factor.objects.create(round=round_, kind=FactorKind.LEVER,
                          theme=FactorTheme.PARTNERSHIP, text="Le centre social prête sa salle.")
    Factor.objects.create(round=round_, kind=FactorKind.OBSTACLE, theme=FactorTheme.MEANS,
                          text="Pas de bus le soir.")
    Interview.objects.create(group=group, date=date(2025, 9, 1),
                             person_kind=PersonKind.INHABITANT, interviewer=fanny,
                             notes="Notes confidentielles.")
    return {"targets": targets, "action": action, "hypothesis": hypothesis}
