from django.db import models


class Visibility(models.TextChoices):
    """Who may read a scenario, from the narrowest to the widest."""

    AUTHOR = "author", "Moi seulement (brouillon)"
    GROUP = "group", "Mon groupe"
    INSTANCE = "instance", "Tous les groupes de l'instance"
    PUBLIC = "public", "Public (tout le monde, sans compte)"


# From the narrowest to the widest: a data rule caps a scenario at one of these.
VISIBILITY_ORDER = (Visibility.AUTHOR, Visibility.GROUP, Visibility.INSTANCE, Visibility.PUBLIC)


def visibility_rank(visibility: str) -> int:
    return VISIBILITY_ORDER.index(Visibility(visibility))


class Status(models.TextChoices):
    """Where a hypothesis stands."""

    TO_CHECK = "a_verifier", "À vérifier"
    CONFIRMED = "confirmee", "Confirmée"
    REFUTED = "infirmee", "Infirmée"
    ABANDONED = "abandonnee", "Abandonnée"


class StepKind(models.TextChoices):
    """Which atlas page a step shows: one map (/atlas/) or maps side by side."""

    MAP = "carte", "Carte"
    COMPARE = "rapprochement", "Rapprochement"


class VoteChoice(models.TextChoices):
    AGREE = "pour", "D'accord"
    DISAGREE = "contre", "Pas d'accord"
    UNSURE = "ne_sait_pas", "Je ne sais pas"


class NotificationKind(models.TextChoices):
    MENTION = "mention", "Mention"
    REPLY = "reply", "Réponse"
    STATUS = "status", "Statut d'hypothèse"
