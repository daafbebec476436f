from django.db import models


class SessionType(models.TextChoices):
    WORK = "seance_travail", "Séance de travail"
    TRAINING = "formation", "Formation"
    SURVEY_DAY = "journee_enquete", "Journée d'enquête"
    INTERVIEW = "entretien", "Entretien"
    LOCAL_PRESENTATION = "restitution_locale", "Restitution locale"
    REGIONAL_EVENT = "rencontre_regionale", "Rencontre régionale"
    CO_EVALUATION = "co_evaluation", "Co-évaluation"


class AttendeeKind(models.TextChoices):
    MEMBER = "membre", "Membre du groupe"
    GUEST = "invite", "Invité·e"
    INHABITANT = "habitant", "Habitant·e (compté·e sans nom)"


class PersonKind(models.TextChoices):
    """Who was interviewed (the register keeps a kind of person, never a name)."""

    INHABITANT = "habitant", "Habitant·e"
    VOLUNTEER = "benevole", "Bénévole"
    PROFESSIONAL = "professionnel", "Professionnel·le d'une structure"
    AGENT = "agent", "Agent d'une collectivité"
    ELECTED = "elu", "Élu·e"
    OTHER = "autre", "Autre"


class Metric(models.TextChoices):
    """How the realisation of a target is counted: from what the application knows, or typed.

    Counted over the target's period (its project year, or the whole project), for its group
    (or every group when the target is the instance's). metrics.py computes each one.
    """

    TYPED = "saisie", "Saisie à la main"
    SESSIONS = "seances", "Séances tenues"
    PERSON_HOURS = "heures", "Heures de présence (personnes × heures)"
    PERSON_DAYS = "jours", "Journées de travail (heures de présence ÷ heures par jour)"
    PARTICIPANTS = "participants", "Participants différents (nommés)"
    INHABITANTS = "habitants", "Présences d'habitants"
    TRAINED = "formes", "Personnes formées (présentes à une formation)"
    INTERVIEWS = "entretiens", "Entretiens réalisés"
    SCENARIOS = "scenarios", "Scénarios créés"
    HYPOTHESES = "hypotheses", "Hypothèses formulées"
    DATASETS = "jeux_donnees", "Jeux de données importés (par producteur)"
    SURVEY_ANSWERS = "reponses", "Réponses aux enquêtes"
    OPEN_DATA_STRUCTURES = "structures_ouvertes", "Structures ayant ouvert des données"
    ACTIONS = "actions", "Actions menées"


# Units proposed in the form (any other unit may be typed).
UNIT_SUGGESTIONS = ("jours", "heures", "personnes", "séances", "documents", "structures",
                    "habitants", "entretiens", "jeux de données", "réponses")
