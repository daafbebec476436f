"""JSON API of the directory import, under /api/v1/annuaire/: the same checks and the same
report as the pages, for the same people (data stewards and admins of the group; instance
imports: instance admins). Small files, so the import runs within the request."""

import tempfile
from pathlib import Path

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from terreau.accounts.models import TerritorialGroup
from terreau.territory.forms import megabytes

from .importers import FORMATS, ReadError, read_file
from .imports import ImportRefused, import_apply, import_report, mapping_read
from .queries import can_import
from .tasks import safe_name
from .views.imports import NOT_ALLOWED, max_upload_bytes

router = Router()


def _group(slug: str):
    if not slug:
        return None
    group = TerritorialGroup.objects.filter(slug=slug).first()
    if group is None:
        raise HttpError(404, f"Groupe inconnu : « {slug} ».")
    return group


@router.post("imports", url_name="directory_import",
             response={200: dict, 201: dict, 400: dict, 403: dict, 404: dict, 413: dict},
             summary="Importer un annuaire (ou seulement le vérifier)")
def import_api(request: HttpRequest, fichier: File[UploadedFile] = None,
               format: Form[str] = "", groupe: Form[str] = "", correspondance: Form[str] = "",
               source: Form[str] = "",
               essai: Form[bool] = False, geocoder: Form[bool] = False,
               laisser_de_cote: Form[bool] = False):
    """`format` : datainclusion, mednum, france-services ou table (avec `correspondance` :
    JSON, CSV champ;colonne, ou le nom d'une correspondance toute faite). `groupe` :
    identifiant du groupe qui tiendra les fiches (vide : toute l'instance). `essai` :
    vérifier sans rien écrire (200 et le compte rendu). Sinon : 201 et le compte rendu, ou
    400 (refusé, rien n'est écrit)."""
    group = _group(groupe)
    if not can_import(request.user, group):
        return Status(403, {"detail": NOT_ALLOWED})
    # The file is checked after the rights (ninja would refuse a missing one first, 422).
    if fichier is None:
        return Status(400, {"detail": "Joignez le fichier à importer (champ « fichier »)."})
    if format not in FORMATS:
        return Status(400, {"detail": f"Format inconnu « {format} » : "
                                      f"{', '.join(FORMATS)}."})
    if fichier.size > max_upload_bytes():
        return Status(413, {"detail": f"Fichier trop gros ({megabytes(fichier.size)} ; "
                                      f"{megabytes(max_upload_bytes())} au plus)."})
    try:
        mapping = mapping_read(correspondance) if correspondance.strip() else None
    except ReadError as error:
        return Status(400, {"detail": str(error)})
    with tempfile.TemporaryDirectory(prefix="terreau-annuaire-") as folder:
        path = Path(folder) / safe_name(fichier.name or "fichier")
        with open(path, "wb") as handle:
            for chunk in fichier.chunks():
                handle.write(chunk)
        try:
            records = read_file(path, format, mapping=mapping, source=source.strip())
        except ReadError as error:
            return Status(400, {"detail": f"{error} Rien n'a été enregistré."})
    if essai:
        report = import_report(records, group=group, geocode=geocoder)
        return Status(200, {"detail": " ".join(report.lines()[:1]), "ecrit": False,
                            "compte_rendu": report.as_dict()})
    try:
        report = import_apply(records, group=group, user=request.user, geocode=geocoder,
                              leave_out_refused=laisser_de_cote,
                              note=f"Import (API) de {fichier.name or 'fichier'}")
    except ImportRefused as error:
        return Status(400, {"detail": str(error), "ecrit": False,
                            "compte_rendu": error.report.as_dict()})
    return Status(201, {"detail": " ".join(report.lines()[:1]), "ecrit": True,
                        "compte_rendu": report.as_dict()})
