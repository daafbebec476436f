"""JSON API of the skills, under /api/v1/annuaire/competences: the shared list, the search
"who can help with X near Y", declaring and withdrawing offers.

Same rules as the pages (skills.py): 401 for anonymous clients; members' offers are read by
their group's members only, structures' by everyone signed in. Bad input is a 400 with a
French `detail` (fields are read as text and checked here, so that no English validation
message reaches the user); refusals are 403; an offer one may not withdraw is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .models import SkillOffer
from .skills import (
    Result,
    can_withdraw,
    groups_for_structures,
    groups_of,
    offer_declare,
    offer_withdraw,
    skill_get,
    skill_list,
    skill_search,
    structure_address,
    structure_find,
)
from .skills_places import SkillError, place_resolve, zone_find

router = Router(tags=["annuaire"])


class SkillOut(Schema):
    slug: str
    libelle: str
    precisions: str = Field(description="Ce qu'elle recouvre, ce qu'il faut préciser.")


class ZoneOut(Schema):
    code: str
    niveau: str
    nom: str


class StructureOut(Schema):
    id: int
    nom: str
    adresse: str
    telephone: str
    courriel: str
    site_web: str
    longitude: float | None
    latitude: float | None


class ResultOut(Schema):
    offre: int
    type: str = Field(description="« personne » (membre d'un de vos groupes) ou « structure ».")
    qui: str = Field(description="Nom de la personne, ou de la structure.")
    groupe: str | None = Field(description="Groupe de la personne (slug) ; vide pour une "
                                           "structure.")
    competence: SkillOut
    precisions: str
    ou: str = Field(description="Zone où l'aide est donnée, ou adresse de la structure.")
    zone: ZoneOut | None
    structure: StructureOut | None
    distance_km: float | None = Field(description="Depuis le lieu cherché ; vide sans lieu.")
    sur_place: bool = Field(description="La zone de l'offre contient le lieu cherché.")
    approximative: bool = Field(description="Position de la structure prise au centre de sa "
                                            "commune.")


class PlaceOut(Schema):
    libelle: str
    longitude: float
    latitude: float
    zone: ZoneOut | None


class SearchOut(Schema):
    competence: SkillOut | None
    pres_de: PlaceOut | None
    nombre: int
    resultats: list[ResultOut]


class SearchIn(Schema):
    competence: str = Field("", description="Identifiant de la compétence (voir la liste).")
    texte: str = Field("", description="Mots à trouver dans les précisions (une langue…).")
    pres_de: str = Field("", description="Commune, IRIS ou quartier (nom ou code), ou adresse.")
    groupe: str = Field("", description="Slug d'un de vos groupes : ses membres seulement.")


class OfferIn(Schema):
    competence: str = Field("", description="Identifiant de la compétence.")
    groupe: str = Field("", description="Slug du groupe où la compétence est déclarée.")
    precisions: str = Field("", description="Langues, disponibilités… (300 caractères).")
    lieu: str = Field("", description="Commune, IRIS ou quartier où l'aide est donnée.")
    structure: str | int | None = Field(None, description="Numéro ou nom de la structure, "
                                                          "pour déclarer pour elle.")


class OfferOut(Schema):
    id: int
    competence: SkillOut
    groupe: str
    precisions: str
    zone: ZoneOut | None
    structure: StructureOut | None
    pour_moi: bool


def _skill(skill) -> dict:
    return {"slug": skill.slug, "libelle": skill.label, "precisions": skill.description}


def _zone(zone) -> dict | None:
    return {"code": zone.code, "niveau": zone.level, "nom": zone.name} if zone else None


def _structure(s) -> dict | None:
    if s is None:
        return None
    return {"id": s.pk, "nom": s.nom, "adresse": structure_address(s), "telephone": s.telephone,
            "courriel": s.courriel, "site_web": s.site_web, "longitude": s.longitude,
            "latitude": s.latitude}


def _result(r: Result) -> dict:
    o = r.offer
    return {"offre": o.pk, "type": "structure" if r.is_structure else "personne", "qui": r.who,
            "groupe": None if r.is_structure else o.group.slug, "competence": _skill(o.skill),
            "precisions": o.details, "ou": r.where, "zone": _zone(o.zone),
            "structure": _structure(o.structure),
            "distance_km": None if r.distance_km is None else round(r.distance_km, 2),
            "sur_place": r.inside, "approximative": r.approximate}


def _bad(error: Exception) -> HttpError:
    return HttpError(400, str(error))


@router.get("/competences", response=list[SkillOut], url_name="skills_list",
            summary="La liste commune des compétences")
def skills_list(request: HttpRequest):
    return [_skill(s) for s in skill_list()]


@router.get("/competences/recherche", response={200: SearchOut, 400: ErrorOut},
            url_name="skills_search", summary="Qui peut aider pour une compétence, près d'un lieu")
def skills_search(request: HttpRequest, query: Query[SearchIn]):
    try:
        skill = skill_get(query.competence) if query.competence.strip() else None
        place = place_resolve(query.pres_de)
    except SkillError as error:
        raise _bad(error) from None
    group = None
    if query.groupe.strip():
        group = groups_of(request.user).filter(slug=query.groupe.strip()).first()
        if group is None:
            raise HttpError(400, f"Groupe inconnu, ou dont vous ne faites pas partie : "
                                 f"« {query.groupe.strip()} ».")
    results = skill_search(request.user, skill=skill, text=query.texte, near=place,
                           group=group)
    return {"competence": _skill(skill) if skill else None,
            "pres_de": {"libelle": place.label, "longitude": place.lon, "latitude": place.lat,
                        "zone": _zone(place.zone)} if place else None,
            "nombre": len(results), "resultats": [_result(r) for r in results]}


def _group_for(request: HttpRequest, slug: str, for_structure: bool):
    slug = slug.strip()
    if not slug:
        raise HttpError(400, "Indiquez le groupe (« groupe » : son identifiant).")
    groups = groups_for_structures(request.user) if for_structure else groups_of(request.user)
    group = groups.filter(slug=slug).first()
    if group is None:
        if groups_of(request.user).filter(slug=slug).exists():
            raise HttpError(403, "Seules l'animation, les référent·es des données et "
                                 "l'administration d'un groupe déclarent les compétences "
                                 "d'une structure en son nom.")
        raise HttpError(404, f"Groupe inconnu, ou dont vous ne faites pas partie : « {slug} ».")
    return group


@router.post("/competences/offres",
             response={201: OfferOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="skill_offer_create", summary="Déclarer une compétence (pour soi ou "
                                                    "pour une structure)")
def offer_create(request: HttpRequest, body: OfferIn):
    if not body.competence.strip():
        raise HttpError(400, "Indiquez la compétence (« competence » : son identifiant).")
    for_structure = body.structure not in (None, "")
    group = _group_for(request, body.groupe, for_structure)
    try:
        skill = skill_get(body.competence)
        zone = zone_find(body.lieu)
        if body.lieu.strip() and zone is None:
            raise SkillError(f"Zone introuvable : « {body.lieu.strip()} ». Écrivez le nom ou "
                             "le code d'une commune, d'un IRIS ou d'un quartier.")
        structure = structure_find(str(body.structure)) if for_structure else None
        offer = offer_declare(user=request.user, group=group, skill=skill,
                              details=body.precisions, zone=zone, structure=structure)
    except SkillError as error:
        raise _bad(error) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return Status(201, {"id": offer.pk, "competence": _skill(skill), "groupe": group.slug,
                        "precisions": offer.details, "zone": _zone(zone),
                        "structure": _structure(structure), "pour_moi": structure is None})


@router.delete("/competences/offres/{offer_id}", response={204: None, 404: ErrorOut},
               url_name="skill_offer_delete", summary="Retirer une compétence déclarée")
def offer_delete(request: HttpRequest, offer_id: int):
    offer = SkillOffer.objects.filter(pk=offer_id).first()
    if offer is None or not can_withdraw(request.user, offer):
        raise HttpError(404, "Compétence introuvable.")
    offer_withdraw(offer, user=request.user)
    return Status(204, None)
