"""JSON API of the yearly report, under /api/v1/suivi/: the same JSON as `terreau bilan`
(counts only, never names). A group's report for its members, the whole project's for every
signed-in client; 404 for a group the client does not belong to or a year outside the
project (its number 1…n, or the calendar year it starts in)."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from .queries import group_get_readable, project_years
from .report import report_build

router = Router()


def _built(group, year: int) -> dict:
    index = project_years(group).resolve(year)
    if index is None:
        raise HttpError(404, f"L'année {year} n'est pas une année du projet.")
    return report_build(group, index)


# Declared before the group's route: "projet" is not read as a group's slug.
@router.get("/projet/bilan/{year}", url_name="project_report",
            summary="Bilan annuel du projet entier (chiffres par groupe, sans noms)")
def project_report(request: HttpRequest, year: int):
    """Le bilan de l'année `year` (numéro 1…n ou année civile où elle commence)."""
    return _built(None, year)


@router.get("/{group}/bilan/{year}", url_name="report",
            summary="Bilan annuel d'un groupe (sans noms)")
def report(request: HttpRequest, group: str, year: int):
    """Le bilan de l'année `year` du groupe : séances, heures de présence, participants,
    habitants, séances par type, objectifs et réalisé, actions, leviers et freins."""
    found = group_get_readable(request.user, group)
    if found is None:
        raise HttpError(404, f"Groupe introuvable : « {group} ».")
    return _built(found, year)
