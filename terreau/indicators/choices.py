from django.db import models


class Direction(models.TextChoices):
    """Whether a higher value is good news, bad news, or neither."""

    HIGHER_IS_BETTER = "better", "Plus c'est haut, mieux c'est"
    HIGHER_IS_WORSE = "worse", "Plus c'est haut, plus c'est préoccupant"
    NEUTRAL = "neutral", "Neutre"
