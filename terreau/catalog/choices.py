from django.db import models


class Sensitivity(models.TextChoices):
    """Who may see a dataset (DESIGN.md, "Privacy and trust")."""

    OPEN = "open", "Ouverte (publiable)"
    SHARED = "shared", "Partagée (tous les groupes de l'instance)"
    GROUP = "group", "Groupe (son groupe seulement)"
    RESTRICTED = "restricted", "Restreinte (référent·es nommé·es)"


class VariableKind(models.TextChoices):
    """What a variable measures; it decides how values add up to larger zones."""

    COUNT = "count", "Effectif"
    AMOUNT = "amount", "Montant"
    RATE = "rate", "Taux"
    MEDIAN = "median", "Médiane"
    INDEX = "index", "Indice"
    SHARE = "share", "Part"

    @property
    def is_additive(self) -> bool:
        return self in (VariableKind.COUNT, VariableKind.AMOUNT)


class MissingReason(models.IntegerChoices):
    """Why a cell has no value; stored beside the value, never as 0."""

    VALUE = 0, "Valeur présente"
    EMPTY = 1, "Case vide"
    SECRET = 2, "Secret statistique (s)"
    NOT_AVAILABLE = 3, "Non disponible (nd)"
    NOT_CONCERNED = 4, "Non concerné (nc)"
    DASH = 5, "Sans objet (-)"


class HolderKind(models.TextChoices):
    STATE = "state", "Service de l'État, INSEE"
    LOCAL_AUTHORITY = "local_authority", "Collectivité locale"
    SOCIAL_SECURITY = "social_security", "Organisme de protection sociale (CAF, CPAM...)"
    ASSOCIATION = "association", "Association, partenaire"
    GROUP = "group", "Le groupe lui-même (enquête, comptage)"
    OTHER = "other", "Autre"


class DataStatus(models.TextChoices):
    """Where a group stands with a piece of data it needs."""

    AVAILABLE = "available", "Disponible"
    UNUSABLE = "unusable", "Existe mais pas utilisable"
    MISSING = "missing", "Manquante"
    TO_PRODUCE = "to_produce", "À produire avec les habitant·es"


class RequestStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    PENDING = "pending", "Sans réponse"
