"""The error that Terreau's commands raise: French message, non-zero exit."""

from django.core.management.base import CommandError


class Erreur(CommandError):
    """A CommandError that the terminal shows as "Erreur: <message>" (exit status 1).

    Django prefixes the message with the exception's class name; this one reads French.
    """
