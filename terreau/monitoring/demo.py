"""The demo's monitoring of the Tours group: one project year of work sessions with their
attendance, an action with one concluded evaluation round, targets modelled on the pilot's
own (2014 application) and a few interviews. Everything is an example: `is_example` where the
model has it and "(exemple)" in every title. People are fictitious.

Rows are written with the models directly and looked up by their title before being created:
loading the demo twice writes nothing twice.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import TerritorialGroup
from terreau.actions.choices import ActionStatus, Decision, FactorKind, FactorTheme, LedBy
from terreau.actions.models import (
    Action,
    ActionMember,
    EvaluationRound,
    Factor,
    Task,
    WatchedIndicator,
)
from terreau.directory.models import Structure
from terreau.scenarios.models import Hypothesis
from terreau.territory.models import Zone

from .choices import AttendeeKind, Metric, PersonKind
from .choices import SessionType as T
from .models import (
    Attendance,
    Interview,
    Person,
    ProjectCalendar,
    Target,
    WorkSession,
)

GROUP = "tours-insertion"
TOURS = "37261"
SCENARIO = "exemple-tours"  # the scenarios demo's scenario, whose hypotheses the action tests
INDICATOR = "part-proprietaires"
MEMBERS = ("animateur", "membre", "donnees", "admin")  # the demo accounts of the group
ACTION_SLUG = "exemple-permanences-logement-tours"
ACTION_TITLE = "Permanences « aides au logement » dans deux quartiers de Tours (exemple)"

# Fictitious guests: name, structure, mission.
GUESTS = (
    ("Claire Moreau", "Centre social Pluriel", "Animatrice famille"),
    ("Karim Haddad", "Mission locale de Touraine", "Conseiller en insertion"),
    ("Sophie Lambert", "CCAS de Tours", "Travailleuse sociale"),
    ("Julien Petit", "Régie de quartier Tours Nord", "Encadrant technique"),
    ("Aïcha Diallo", "Association des habitants du Sanitas", "Bénévole"),
    ("Thomas Girard", "Ville de Tours, politique de la ville", "Chargé de mission"),
    ("Nadia Benali", "France Travail Tours Nord", "Conseillère"),
    ("Marc Rousseau", "Tours Métropole, observatoire", "Chargé d'études"),
)

# Year 1 (2025-04-01 … 2026-03-31): day, type, title, hours, members (indexes in MEMBERS),
# guests (indexes in GUESTS), inhabitants counted, place.
SESSIONS = (
    ("2025-04-15", T.WORK, "Lancement du groupe", 3, (0, 1, 2, 3), (0, 1, 2, 4),
     0, "Centre social Pluriel"),
    ("2025-05-13", T.WORK, "Choix de la thématique : emploi et logement", 3, (0, 1, 2),
     (0, 1, 2, 3, 5), 0, "Centre social Pluriel"),
    ("2025-06-03", T.TRAINING, "Formation à l'outil cartographique", 6, (0, 1, 2),
     (0, 1, 2, 3, 5, 6), 0, "Médiathèque François-Mitterrand"),
    ("2025-06-24", T.WORK, "Cartographie des actions déjà menées", 3, (0, 1), (0, 2, 3, 6),
     0, "Mission locale de Touraine"),
    ("2025-09-16", T.WORK, "Co-construction du guide d'enquête (1)", 3, (0, 1, 2),
     (0, 1, 4, 6), 2, "Centre social Pluriel"),
    ("2025-09-30", T.WORK, "Co-construction du guide d'enquête (2)", 3, (0, 1, 2),
     (0, 2, 4, 7), 3, "Centre social Pluriel"),
    ("2025-10-14", T.SURVEY_DAY, "Journée d'enquête au Sanitas", 6, (0, 1), (0, 4),
     12, "Place Saint-Paul, Sanitas"),
    ("2025-10-21", T.SURVEY_DAY, "Journée d'enquête à Tours Nord", 6, (0, 1), (3, 6),
     9, "Régie de quartier Tours Nord"),
    ("2025-11-04", T.INTERVIEW, "Entretiens avec les structures du quartier", 2, (0,), (2, 5),
     0, "CCAS de Tours"),
    ("2025-11-18", T.WORK, "Lecture des premiers résultats de l'enquête", 3, (0, 1, 2, 3),
     (0, 1, 2, 7), 3, "Centre social Pluriel"),
    ("2025-12-09", T.WORK, "Préparer les permanences logement", 2.5, (0, 1), (0, 2, 4),
     2, "Centre social Pluriel"),
    ("2026-01-20", T.TRAINING, "Formation : lire et discuter un indicateur", 3, (1, 2),
     (1, 3, 4, 6), 0, "Médiathèque François-Mitterrand"),
    ("2026-02-10", T.REGIONAL_EVENT, "Rencontre régionale des groupes à Orléans", 6, (0, 2),
     (7,), 0, "Orléans, salle des Carmes"),
    ("2026-03-10", T.LOCAL_PRESENTATION, "Restitution locale de l'année 1", 2.5, (0, 1, 2, 3),
     (0, 1, 2, 3, 4, 5, 6), 18, "Maison des associations de Tours"),
    ("2026-03-24", T.CO_EVALUATION, "Co-évaluation de l'année 1", 3, (0, 1, 2, 3),
     (0, 1, 2, 4), 2, "Centre social Pluriel"),
)
ACTION_SESSION = "Préparer les permanences logement"

# (year or None for the whole project, label, unit, value, metric, session type, typed done)
TARGETS = (
    (1, "Co-construction de l'enquête : 10 jours en N", "jours", 10, Metric.PERSON_DAYS,
     T.WORK, None),
    (1, "Mobiliser de nouveaux acteurs locaux : 15 en N", "personnes", 15,
     Metric.PARTICIPANTS, "", None),
    (1, "Formation aux techniques de coopération : 15 personnes en N", "personnes", 15,
     Metric.TRAINED, "", None),
    (1, "Entretiens semi-directifs : 10 entretiens en N", "entretiens", 10,
     Metric.INTERVIEWS, "", None),
    (1, "Restitution locale : 1 en N", "séances", 1, Metric.SESSIONS,
     T.LOCAL_PRESENTATION, None),
    (1, "Rédaction du bilan annuel : 1 en N", "documents", 1, Metric.TYPED, "", 1),
    (2, "30 habitants mobilisés en N+1", "habitants", 30, Metric.INHABITANTS, "", None),
    (2, "Mobiliser de nouveaux acteurs locaux : 25 en N+1", "personnes", 25,
     Metric.PARTICIPANTS, "", None),
    (2, "Entretiens semi-directifs : 10 entretiens en N+1", "entretiens", 10,
     Metric.INTERVIEWS, "", None),
    (2, "Plan d'action avec les habitants : 3 jours en N+1", "jours", 3, Metric.TYPED, "",
     None),
    (3, "60 habitants mobilisés en N+2", "habitants", 60, Metric.INHABITANTS, "", None),
    (3, "Entretiens semi-directifs : 10 entretiens en N+2", "entretiens", 10,
     Metric.INTERVIEWS, "", None),
    (3, "Restitution régionale auprès des acteurs de la politique de la ville : 1 événement "
        "en N+2", "séances", 1, Metric.SESSIONS, T.REGIONAL_EVENT, None),
    (None, "5 structures ayant ouvert leurs données sur 3 ans", "structures", 5,
     Metric.OPEN_DATA_STRUCTURES, "", None),
    (None, "30 entretiens semi-directifs sur 3 ans", "entretiens", 30, Metric.INTERVIEWS, "",
     None),
    (None, "Hypothèses formulées et vérifiées : 6 sur 3 ans", "hypothèses", 6,
     Metric.HYPOTHESES, "", None),
)

# day, kind of person, structure, interviewer (index in MEMBERS), topic, notes
INTERVIEWS = (
    ("2025-10-07", PersonKind.PROFESSIONAL, "Centre social Pluriel", 0,
     "Accueil des familles et aides au logement",
     "Beaucoup de familles découvrent leurs droits **au moment d'une expulsion**."),
    ("2025-10-28", PersonKind.INHABITANT, "", 1, "Se loger au Sanitas",
     "Ne connaissait pas l'aide au logement ; démarches jugées trop compliquées en ligne."),
    ("2025-11-12", PersonKind.AGENT, "CCAS de Tours", 0, "Recours aux aides",
     "Pas de chiffre du non-recours par quartier ; propose de croiser avec la CAF."),
    ("2026-01-14", PersonKind.VOLUNTEER, "Association des habitants du Sanitas", 1,
     "Relayer l'information",
     "Propose d'annoncer les permanences à la sortie des écoles."),
    ("2026-05-19", PersonKind.ELECTED, "Ville de Tours", 0, "Suites des permanences",
     "Intérêt pour une permanence du soir ; demande le bilan de l'année 1."),
)


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _calendar() -> bool:
    if ProjectCalendar.objects.exists():
        return False
    ProjectCalendar.objects.create(name="Projet pilote (exemple)", first_day=date(2025, 4, 1),
                                   years=3)
    return True


def _people(group: TerritorialGroup, members: list) -> tuple[list, list[Person]]:
    """The register entries of the demo accounts (None when an account is missing) and of
    the fictitious guests."""
    member_people = []
    for user in members:
        if user is None:
            member_people.append(None)
            continue
        person, _ = Person.objects.get_or_create(
            group=group, user=user,
            defaults={"name": user.get_full_name() or user.get_username(),
                      "structure": "Groupe Tours — insertion", "mission": "Membre du groupe"})
        member_people.append(person)
    guests = [Person.objects.get_or_create(group=group, name=name, user=None,
                                           defaults={"structure": structure,
                                                     "mission": mission})[0]
              for name, structure, mission in GUESTS]
    return member_people, guests


def _sessions(group, member_people, guests, author, action) -> int:
    created = 0
    for day, kind, title, hours, member_ids, guest_ids, inhabitants, place in SESSIONS:
        duration = Decimal(str(hours))
        session, new = WorkSession.objects.get_or_create(
            group=group, title=f"{title} (exemple)", date=_day(day),
            defaults={"type": kind, "duration_hours": duration, "place": place,
                      "start_time": time(14, 0) if hours < 6 else time(9, 30),
                      "agenda": f"- {title}\n- Questions diverses",
                      "minutes": "Compte rendu d'exemple : les échanges ont porté sur "
                                 f"« {title.lower()} ».",
                      "action": action if title == ACTION_SESSION else None,
                      "attendance_recorded": True, "is_example": True, "created_by": author})
        if not new:
            continue
        created += 1
        came = [(AttendeeKind.MEMBER, member_people[i]) for i in member_ids
                if member_people[i] is not None]
        came += [(AttendeeKind.GUEST, guests[i]) for i in guest_ids]
        session.invited.add(*(person for _, person in came))
        rows = [Attendance(session=session, kind=attendee_kind, person=person,
                           person_key=person.key, structure=person.structure,
                           mission=person.mission, hours=duration)
                for attendee_kind, person in came]
        if inhabitants:
            rows.append(Attendance(session=session, kind=AttendeeKind.INHABITANT,
                                   count=inhabitants, hours=duration))
        Attendance.objects.bulk_create(rows)
    return created


def _hypothesis(group):
    hypotheses = Hypothesis.objects.filter(scenario__slug=SCENARIO, scenario__group=group)
    return (hypotheses.filter(statement__icontains="logement").first()
            or hypotheses.order_by("pk").first())


def _indicator_values(zone) -> tuple[object, list[tuple[str, float]]]:
    """The demo's indicator and its values for `zone` per period ([] when not loaded)."""
    from terreau.indicators.models import Indicator
    from terreau.indicators.values import IndicatorUnavailable, values_compute
    from terreau.territory.within import WithinLevelError

    indicator = Indicator.objects.filter(slug=INDICATOR).first()
    if indicator is None or zone is None:
        return None, []
    try:
        latest = values_compute(indicator, level=zone.level, within=f"departement:{TOURS[:2]}")
        found = []
        for period in latest.periods:
            result = values_compute(indicator, level=zone.level,
                                    within=f"departement:{TOURS[:2]}", period=period)
            value = next((row.value for row in result.rows if row.code == zone.code), None)
            if value is not None:
                found.append((period, float(value)))
    except (IndicatorUnavailable, WithinLevelError, ValueError):  # statistics not loaded
        return indicator, []
    return indicator, sorted(found)


def _action(group, members: list, author) -> Action | None:
    if Action.objects.filter(slug=ACTION_SLUG).exists():
        return Action.objects.get(slug=ACTION_SLUG)
    action = Action.objects.create(
        group=group, slug=ACTION_SLUG, title=ACTION_TITLE, led_by=LedBy.GROUP,
        status=ActionStatus.RUNNING, starts_on=date(2025, 11, 1), ends_on=date(2026, 6, 30),
        aim="Tenir une permanence par mois au centre social et à la régie de quartier pour "
            "aider les locataires à connaître et demander les **aides au logement**, et "
            "vérifier ainsi si elles sont mal connues.",
        inhabitants_count=25,
        inhabitants_role="Des habitantes enquêtées co-animent l'accueil et relaient "
                         "l'information dans leur immeuble.",
        is_example=True, created_by=author)
    tours = Zone.objects.filter(level="commune", code=TOURS).first()
    iris = list(Zone.objects.filter(level="iris", code__startswith=TOURS).order_by("code")[:3])
    action.zones.add(*([tours] if tours else []), *iris)
    hypothesis = _hypothesis(group)
    if hypothesis is not None:
        action.hypotheses.add(hypothesis)
    action.structures.add(*Structure.objects.filter(code_insee=TOURS).order_by("pk")[:2])
    contributions = ("Animation des permanences", "Accueil et orientation des habitants")
    for user, contribution in zip(members, contributions, strict=False):
        if user is not None:
            ActionMember.objects.create(action=action, user=user, contribution=contribution)
    Task.objects.create(action=action, title="Réserver les salles des permanences",
                        assignee=members[0], due_on=date(2025, 11, 15),
                        done_at=timezone.make_aware(datetime(2025, 11, 10, 10, 0)))
    Task.objects.create(action=action, title="Écrire un flyer en langage simple",
                        assignee=members[1], due_on=date(2026, 4, 30))
    _round(action, author, tours)
    return action


def _round(action: Action, author, zone) -> None:
    concluded = timezone.make_aware(datetime(2026, 3, 24, 17, 0))
    evaluation = EvaluationRound.objects.create(
        action=action, number=1, held_on=date(2026, 3, 24), created_by=author,
        what_happened="Quatre permanences tenues, 25 personnes reçues. La plupart ne "
                      "connaissaient pas les aides auxquelles elles avaient droit ; "
                      "l'hypothèse reste à confirmer avec les chiffres de la CAF.",
        decision=Decision.ADAPT,
        decision_note="Les personnes qui travaillent ne peuvent pas venir en journée : "
                      "ouvrir une permanence un soir par mois.",
        improvements="- Une permanence le soir\n- Annoncer les dates à la sortie des écoles",
        concluded_at=concluded, concluded_by=author)
    indicator, values = _indicator_values(zone)
    if indicator is not None and values:
        before, after = values[0], values[-1] if len(values) > 1 else ("", None)
        WatchedIndicator.objects.create(
            round=evaluation, indicator=indicator, zone=zone, before_period=before[0],
            before_value=before[1], after_period=after[0], after_value=after[1],
            before_from_catalogue=True, after_from_catalogue=after[1] is not None,
            note="Statistique publique : la valeur « après » viendra avec le prochain "
                 "recensement." if after[1] is None else "")
    for kind, theme, text in (
            (FactorKind.LEVER, FactorTheme.PARTNERSHIP,
             "Le centre social prête sa salle et relaie les dates."),
            (FactorKind.LEVER, FactorTheme.PARTICIPATION,
             "Deux habitantes enquêtées co-animent l'accueil."),
            (FactorKind.OBSTACLE, FactorTheme.MEANS,
             "Permanences en journée : les personnes qui travaillent ne viennent pas."),
            (FactorKind.OBSTACLE, FactorTheme.DATA,
             "Aucun chiffre récent du recours aux aides au logement par quartier.")):
        Factor.objects.create(round=evaluation, kind=kind, theme=theme, text=text)


def _targets(group, author) -> int:
    created = 0
    for position, (year, label, unit, value, metric, session_type, done) in enumerate(TARGETS):
        _, new = Target.objects.get_or_create(
            group=group, year=year, label=f"{label} (exemple)",
            defaults={"unit": unit, "value": Decimal(value), "metric": metric,
                      "session_type": session_type, "position": position,
                      "done_typed": None if done is None else Decimal(done),
                      "done_note": "Bilan de l'année 1 rédigé et envoyé aux financeurs."
                                   if done is not None else "",
                      "is_example": True, "created_by": author})
        created += new
    return created


def _interviews(group, members) -> int:
    created = 0
    for day, kind, structure, interviewer, topic, notes in INTERVIEWS:
        _, new = Interview.objects.get_or_create(
            group=group, date=_day(day), topic=f"{topic} (exemple)",
            defaults={"person_kind": kind, "structure": structure,
                      "interviewer": members[interviewer], "notes": notes})
        created += new
    return created


def demo_monitoring_load() -> str:
    """Load the Tours group's example monitoring where missing; return a French line."""
    group = TerritorialGroup.objects.filter(slug=GROUP).first()
    if group is None:
        return "Suivi d'exemple non chargé : le groupe de Tours est absent."
    users = {user.username: user for user in
             get_user_model().objects.filter(username__in=MEMBERS)}
    members = [users.get(name) for name in MEMBERS]
    author = members[0] or next((user for user in members if user is not None), None)
    with transaction.atomic():
        calendar_created = _calendar()
        member_people, guests = _people(group, members)
        action_existed = Action.objects.filter(slug=ACTION_SLUG).exists()
        action = _action(group, members, author)
        sessions = _sessions(group, member_people, guests, author, action)
        targets = _targets(group, author)
        interviews = _interviews(group, members)
    if not (calendar_created or sessions or targets or interviews) and action_existed:
        return "Suivi d'exemple du groupe de Tours : déjà présent, laissé tel quel."
    parts = [f"{sessions} séances de l'année 1 avec leurs présences",
             "une action et son évaluation" if not action_existed else "",
             f"{targets} objectifs", f"{interviews} entretiens",
             "le calendrier du projet pilote" if calendar_created else ""]
    return "Suivi d'exemple du groupe de Tours chargé : " + ", ".join(p for p in parts if p) + "."
