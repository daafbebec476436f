from django.db import models


class VocabularyKind(models.TextChoices):
    """The value lists of the data·inclusion v1 schema (its `extra/` files)."""

    THEMATIQUE = "thematiques", "Thématique"
    PUBLIC = "publics", "Public"
    FRAIS = "frais", "Frais"
    MODE_ACCUEIL = "modes-accueil", "Mode d'accueil"
    MODE_MOBILISATION = "modes-mobilisation", "Mode de mobilisation"
    PERSONNE_MOBILISATRICE = "personnes-mobilisatrices", "Qui peut mobiliser"
    RESEAU_PORTEUR = "reseaux-porteurs", "Réseau porteur"
    TYPE_SERVICE = "types-de-services", "Type de service"
    TYPOLOGIE_SERVICE = "typologies-de-services", "Typologie de service"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "En attente de relecture"
    APPROVED = "approved", "Acceptée"
    REJECTED = "rejected", "Refusée"


class ChangeVia(models.TextChoices):
    """How a change reached a record (its history says it)."""

    IMPORT = "import", "Import d'un fichier"
    FORM = "form", "Formulaire (référent·e)"
    SECRET_LINK = "secret_link", "Lien de mise à jour de la structure"
    REVIEW = "review", "Proposition acceptée"
    API = "api", "API"
