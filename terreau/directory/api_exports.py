"""JSON API of the directory's exports, under /api/v1/annuaire/: the directory as a
data·inclusion v1 file (the same file and the same rules as the export page).

401 for anonymous clients, 403 for those who are not data stewards or administrators (of
the chosen group), 400 for an unknown format or group, with a French `detail`. Each
download is written to the audit log.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.accounts.models import TerritorialGroup

from .export import FORMATS, can_export, export_build
from .views.exports import NOT_STEWARD, export_response
from .vocabularies import vocabularies_cached

router = Router(tags=["annuaire"])


class ExportIn(Schema):
    format: str = Field("datainclusion-json",
                        description="datainclusion-json (un objet {\"structures\": [...], "
                                    "\"services\": [...]}) ou datainclusion-csv (ZIP de "
                                    "structures.csv et services.csv).")
    groupe: str = Field("", description="Slug du groupe dont exporter les structures ; vide : "
                                        "tout l'annuaire.")


@router.get("/export", url_name="directory_export",
            summary="Exporter l'annuaire au format data·inclusion v1")
def export(request: HttpRequest, query: Query[ExportIn]):
    """Le fichier (pièce jointe) ; le compte rendu de l'export est dans l'en-tête
    `X-Terreau-Export` (nombre de structures, de services, de fiches laissées de côté)."""
    if query.format not in FORMATS:
        raise HttpError(400, f"Format inconnu : « {query.format} » (formats : "
                             f"{', '.join(FORMATS)}).")
    group = None
    if query.groupe:
        group = TerritorialGroup.objects.filter(slug=query.groupe).first()
        if group is None:
            raise HttpError(400, f"Groupe inconnu : « {query.groupe} ».")
    if not can_export(request.user, group):
        raise HttpError(403, NOT_STEWARD)
    with vocabularies_cached():
        built = export_build(group)
    response = export_response(request, built, group, query.format)
    report = built.report
    response["X-Terreau-Export"] = (
        f"structures={report.structures}; services={report.services}; "
        f"exemples={report.examples}; fermees={report.closed_structures + report.closed_services}; "
        f"themes-propres-retires={sum(report.group_themes.values())}; "
        f"non-conformes={len(report.invalid)}")
    return response
