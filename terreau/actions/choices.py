from django.db import models


class LedBy(models.TextChoices):
    """Whose action it is: the group's own experiment, or one led by others on the territory
    that the group wants to see on its map."""

    GROUP = "groupe", "Le groupe"
    OTHERS = "autres", "D'autres acteurs du territoire"


class ActionStatus(models.TextChoices):
    PLANNED = "prevue", "Prévue"
    RUNNING = "en_cours", "En cours"
    DONE = "terminee", "Terminée"
    STOPPED = "arretee", "Arrêtée"


class Decision(models.TextChoices):
    """What the group decides at the end of an evaluation round."""

    CONTINUE = "continuer", "Continuer"
    ADAPT = "adapter", "Adapter l'action"
    STOP = "arreter", "Arrêter"
    NEW = "nouvelle_action", "Lancer une nouvelle action"


class FactorKind(models.TextChoices):
    LEVER = "levier", "Levier"
    OBSTACLE = "frein", "Frein"


class FactorTheme(models.TextChoices):
    """Headings of the register of levers and obstacles, to read it across actions."""

    PARTNERSHIP = "partenariat", "Partenariats et coopération"
    PARTICIPATION = "participation", "Participation des habitants"
    MEANS = "moyens", "Moyens (temps, argent, lieux)"
    DATA = "donnees", "Données et outils"
    GOVERNANCE = "gouvernance", "Organisation et décision"
    CONTEXT = "contexte", "Contexte local"
    OTHER = "autre", "Autre"
