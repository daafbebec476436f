"""The yearly self-evaluation of a group (being built: see the contract)."""

from .models import SelfEvaluation


def summary(group, year: int) -> dict | None:
    """The summary of the group's self-evaluation of project year `year`, None if none."""
    if not SelfEvaluation.objects.filter(group=group, year=year).exists():
        return None
    return None
