"""JSON API of the profiles on the map, under /api/v1/analyses/.

Same rules as the page (views/profile_maps.py): members of the questionnaire's group read the
counts per zone (their own figures, small zones included and flagged); the answer readers
publish to the atlas; anyone else gets 404, a member who may not publish 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.catalog.choices import Sensitivity
from terreau.core.api_schemas import ErrorOut
from terreau.surveys.followup import THRESHOLD

from .api_access import analysable, readable
from .publish import NO_RIGHT, PublishError, publish, run_zones

router = Router(tags=["analyses"])


class ProfileOut(Schema):
    numero: int
    nom: str


class ZoneOut(Schema):
    code: str
    nom: str
    repondants: int
    effectifs: list[int] = Field(description="Personnes de chaque profil (profil 1 d'abord).")
    parts: list[float] = Field(description="Part de chaque profil parmi les personnes "
                                           "interrogées de la zone, en %.")
    moins_que_le_seuil: bool = Field(description="Moins de réponses que le seuil : aucun "
                                                 "chiffre de la zone ne sort du groupe.")


class ApartOut(Schema):
    repondants: int
    effectifs: list[int]


class ZonesOut(Schema):
    analyse: str
    execution: int
    niveau: str
    seuil: int
    profils: list[ProfileOut]
    zones: list[ZoneOut]
    sans_zone: ApartOut = Field(description="Personnes sans zone du niveau (pas sur la carte).")


class PublicationIn(Schema):
    sensibilite: str = Field(Sensitivity.GROUP.value,
                             description="group (le groupe seul), shared (tous les groupes) "
                                         "ou open (tout le monde).")


class IndicatorLinkOut(Schema):
    slug: str
    libelle: str
    atlas: str = Field(description="Lien permanent de la carte de l'atlas.")


class PublicationOut(Schema):
    jeu: str
    version: int
    sensibilite: str
    indicateurs: list[IndicatorLinkOut]
    retires: list[str] = Field(description="Indicateurs supprimés : profils disparus.")
    zones_secretes: int


@router.get("{slug}/zones", response={200: ZonesOut, 404: ErrorOut},
            url_name="analysis_profile_zones",
            summary="Personnes de chaque profil par zone (dernière exécution terminée)")
def profile_zones_view(request: HttpRequest, slug: str):
    analysis = readable(request, slug)
    run = analysis.latest_done_run()
    if run is None:
        raise HttpError(404, "Aucune exécution terminée.")
    try:
        zones = run_zones(run)
    except PublishError as error:
        raise HttpError(404, str(error)) from None
    return {
        "analyse": analysis.slug, "execution": run.number, "niveau": zones.level,
        "seuil": THRESHOLD,
        "profils": [{"numero": k, "nom": zones.profile_names.get(k, "")}
                    for k in range(1, zones.counts.profiles + 1)],
        "zones": [{"code": z.code, "nom": zones.names.get(z.code, z.code),
                   "repondants": z.respondents, "effectifs": list(z.counts),
                   "parts": [round(s * 100, 2) for s in z.shares],
                   "moins_que_le_seuil": z.hidden} for z in zones.counts.zones],
        "sans_zone": {"repondants": zones.counts.without_zone.respondents,
                      "effectifs": list(zones.counts.without_zone.counts)},
    }


@router.post("{slug}/publication", response={201: PublicationOut, 400: ErrorOut,
                                              403: ErrorOut, 404: ErrorOut},
             url_name="analysis_profile_publication",
             summary="Publier les profils dans l'atlas (nouvelle version du jeu de données)")
def profile_publication_view(request: HttpRequest, slug: str, body: PublicationIn):
    analysis = analysable(request, slug, NO_RIGHT)
    try:
        publication = publish(analysis=analysis, user=request.user,
                              sensitivity=body.sensibilite)
    except PermissionDenied:
        raise HttpError(403, NO_RIGHT) from None
    except PublishError as error:
        raise HttpError(400, str(error)) from None
    dataset = publication.dataset
    return Status(201, {
        "jeu": dataset.slug, "version": publication.version.number,
        "sensibilite": dataset.sensitivity,
        "indicateurs": [{"slug": i.slug, "libelle": i.label, "atlas": url}
                        for i, url in publication.atlas_links()],
        "retires": publication.removed, "zones_secretes": publication.secret_zones,
    })
