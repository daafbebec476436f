"""The skills members and structures bring, and "who can help with X near Y".

The list of skills is shared by every group of the instance (one "interprétariat" for all,
so that a search finds every interpreter): it starts with a seeded list and grows through
`skill_add`, which the facilitators, data stewards and admins of any group may use (they
run the group's work and keep its vocabulary tidy; members ask them).

An offer says that someone brings a skill within a group: a member for themselves (in one of
their groups), or a facilitator/steward/admin of a group for a structure of the directory.
Privacy: a member's offers are read by the members of that group only (never by other groups,
never published — not even by the instance's admins unless they belong to the group; an offer
disappears when its author leaves the group); a structure's offers are public information
about a public service and are read by everyone signed in.

Distances are measured from the searched place (a zone's centre, or a geocoded address) to
the offer's zone centre, or to the structure's position when the offer names no zone. A
zone's centre is a point on its surface (inside it, as the atlas's symbols), its parent's
when it has no contour (IRIS loaded without contours). An offer whose zone contains the
searched place is "sur place" (0 km). Offers without any place are listed after the others.
Places, zone centres and distances: skills_places.py.
"""

from dataclasses import dataclass

import shapely
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.accounts.queries import administers, membership_role
from terreau.territory.choices import Level
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone

from .models import Skill, SkillOffer, Structure
from .queries import MAKER_ROLES
from .skills_places import (
    Place,
    Shapes,
    SkillError,
    distance_km,
    zone_centres,
    zone_label,
    zone_shapes,
)

# (slug, label, description): the seeded shared list; descriptions guide what to write.
DEFAULT_SKILLS = (
    ("interpretariat", "Interprétariat",
     "Traduire à l'oral ou à l'écrit : indiquez les langues dans les précisions."),
    ("aide-numerique", "Aide au numérique",
     "Démarches en ligne, ordinateur, téléphone, courriel."),
    ("mobilite", "Mobilité / accompagnement physique",
     "Accompagner à un rendez-vous, conduire, aider à se déplacer."),
    ("garde-enfants", "Garde d'enfants", "Garder des enfants pendant un rendez-vous."),
    ("conseil-juridique", "Conseil juridique / accès aux droits",
     "Droits sociaux, titres de séjour, litiges, recours."),
    ("ecrivain-public", "Écrivain public", "Rédiger un courrier, remplir un formulaire."),
    ("soutien-scolaire", "Soutien scolaire", "Aide aux devoirs, accompagnement scolaire."),
    ("sante-prevention", "Santé / prévention", "Prévention, accès aux soins, dépistage."),
    ("logement", "Logement", "Chercher un logement, dossier, relations avec le bailleur."),
    ("emploi-insertion", "Emploi / insertion", "CV, entretiens, recherche d'emploi."),
    ("alimentation", "Alimentation", "Aide alimentaire, cuisine, jardins partagés."),
    ("ecoute", "Écoute / soutien psychologique", "Écouter, soutenir, orienter."),
    ("francais", "Apprentissage du français", "Cours, conversation, alphabétisation."),
    ("budget", "Budget / surendettement", "Gérer un budget, dossier de surendettement."),
)
LABEL_MAX = 150
DETAILS_MAX = 300
WHERE_UNKNOWN = "Lieu non précisé"


# ---- The shared list ---------------------------------------------------------------------


def skills_seed() -> int:
    """Create the skills of the default list that are missing; return how many (idempotent:
    labels and descriptions changed since are kept)."""
    existing = set(Skill.objects.values_list("slug", flat=True))
    missing = [Skill(slug=slug, label=label, description=description)
               for slug, label, description in DEFAULT_SKILLS if slug not in existing]
    Skill.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def skill_list() -> QuerySet[Skill]:
    """The shared list, by label; seeded on first use so that a new instance has one."""
    if not Skill.objects.exists():
        skills_seed()
    return Skill.objects.order_by("label")


def can_add_skill(user) -> bool:
    """Facilitators, stewards and admins of any group (the list is shared), instance admins."""
    return administers(user) or (user.is_authenticated and user.memberships.filter(
        role__in=MAKER_ROLES).exists())


def skill_add(label: str, *, user, description: str = "") -> Skill:
    """Add a skill to the shared list; SkillError when the label is empty, too long or taken."""
    if not can_add_skill(user):
        raise PermissionDenied("Seules l'animation, les référent·es des données et "
                               "l'administration d'un groupe ajoutent des compétences.")
    label, description = " ".join((label or "").split()), (description or "").strip()
    slug = slugify(label)[:80].strip("-")
    if not slug:
        raise SkillError("Écrivez le nom de la compétence.")
    if len(label) > LABEL_MAX or len(description) > DETAILS_MAX:
        raise SkillError(f"Nom ({LABEL_MAX} caractères au plus) ou précisions "
                         f"({DETAILS_MAX} au plus) trop longs.")
    wanted = normalize_search(label)
    for other in skill_list():
        if other.slug == slug or normalize_search(other.label) == wanted:
            raise SkillError(f"La compétence « {other.label} » existe déjà dans la liste.")
    return Skill.objects.create(slug=slug, label=label, description=description)


def skill_get(slug: str) -> Skill:
    skill = skill_list().filter(slug=(slug or "").strip()).first()
    if skill is None:
        raise SkillError(f"Compétence inconnue : « {slug} ». Choisissez-en une de la liste.")
    return skill


# ---- Groups and offers ---------------------------------------------------------------------


def groups_of(user) -> QuerySet[TerritorialGroup]:
    """The groups the user belongs to: where their own offers may be declared and read."""
    if not user.is_authenticated:
        return TerritorialGroup.objects.none()
    return TerritorialGroup.objects.filter(memberships__user=user).order_by("name").distinct()


def groups_for_structures(user) -> QuerySet[TerritorialGroup]:
    """The groups in whose name the user declares structures' skills."""
    if administers(user):
        return TerritorialGroup.objects.order_by("name")
    return groups_of(user).filter(memberships__user=user, memberships__role__in=MAKER_ROLES)


def can_withdraw(user, offer: SkillOffer) -> bool:
    """One's own offer; a structure's: who declared it, or the facilitators of its group."""
    if not user.is_authenticated:
        return False
    if offer.person_id is not None:
        return offer.person_id == user.pk
    return (offer.created_by_id == user.pk or administers(user)
            or membership_role(user, offer.group_id) in MAKER_ROLES)


def offer_declare(*, user, group: TerritorialGroup, skill: Skill, details: str = "",
                  zone: Zone | None = None, structure: Structure | None = None) -> SkillOffer:
    """Declare that the user (or `structure`) brings `skill` within `group`.

    PermissionDenied outside one's groups (for oneself) or without a facilitator's role (for
    a structure); SkillError for a closed structure, details too long, or the same offer again.
    """
    details = " ".join((details or "").split())
    if len(details) > DETAILS_MAX:
        raise SkillError(f"Les précisions font {len(details)} caractères : "
                         f"{DETAILS_MAX} au plus.")
    if structure is None:
        if not Membership.objects.filter(user=user, group=group).exists():
            raise PermissionDenied("Vous ne faites pas partie de ce groupe.")
        who = {"person": user, "structure": None}
    else:
        if not groups_for_structures(user).filter(pk=group.pk).exists():
            raise PermissionDenied("Seules l'animation, les référent·es des données et "
                                   "l'administration du groupe déclarent les compétences "
                                   "d'une structure.")
        if structure.closed_on is not None:
            raise SkillError(f"La structure « {structure.nom} » est fermée.")
        who = {"person": None, "structure": structure}
    with transaction.atomic():
        if SkillOffer.objects.filter(skill=skill, group=group, zone=zone, **who).exists():
            raise SkillError(f"« {skill.label} » est déjà déclarée pour "
                             f"{'vous' if structure is None else structure.nom} dans ce "
                             "groupe, au même endroit : retirez-la d'abord pour la changer.")
        return SkillOffer.objects.create(skill=skill, group=group, details=details, zone=zone,
                                         created_by=user, **who)


def offer_withdraw(offer: SkillOffer, *, user) -> None:
    if not can_withdraw(user, offer):
        raise PermissionDenied("Vous ne pouvez retirer que vos propres compétences, ou celles "
                               "des structures déclarées par votre groupe si vous l'animez.")
    offer.delete()


def offers_visible(user) -> QuerySet[SkillOffer]:
    """Members' offers of the user's groups (authors still members), and all open structures'."""
    if not user.is_authenticated:
        return SkillOffer.objects.none()
    still_member = Exists(Membership.objects.filter(user=OuterRef("person"),
                                                    group=OuterRef("group")))
    members = Q(person__isnull=False, group__in=groups_of(user)) & Q(still_member)
    structures = Q(structure__isnull=False, structure__closed_on__isnull=True)
    return (SkillOffer.objects.filter(members | structures)
            .select_related("skill", "group", "person", "structure", "zone"))


def offers_mine(user) -> QuerySet[SkillOffer]:
    """What the user may withdraw: their own offers, the structures' they declared or whose
    group they run."""
    run = groups_for_structures(user)
    return (SkillOffer.objects.filter(Q(person=user) | Q(structure__isnull=False,
                                                        created_by=user)
                                      | Q(structure__isnull=False, group__in=run))
            .select_related("skill", "group", "structure", "zone")
            .order_by("structure__nom", "skill__label", "pk"))


# ---- Search -------------------------------------------------------------------------------


@dataclass
class Result:
    """One answer to "who can help with X near Y"."""

    offer: SkillOffer
    who: str
    where: str
    distance_km: float | None = None
    inside: bool = False  # the offer's zone contains the searched place
    approximate: bool = False  # the structure's position is its commune's centre

    @property
    def is_structure(self) -> bool:
        return self.offer.structure_id is not None

    @property
    def distance_text(self) -> str:
        if self.inside:
            return "sur place"
        if self.distance_km is None:
            return "distance inconnue"
        about = "environ " if self.approximate else ""
        return f"à {about}{self.distance_km:.1f} km".replace(".", ",")


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def structure_address(structure: Structure) -> str:
    town = " ".join(p for p in (structure.code_postal, structure.commune) if p)
    return ", ".join(p for p in (structure.adresse, structure.complement_adresse, town) if p)


def _matches(offer: SkillOffer, words: list[str]) -> bool:
    haystack = normalize_search(f"{offer.details} {offer.skill.label}")
    return all(word in haystack for word in words)


def _structure_points(offers: list[SkillOffer]) -> dict[int, tuple[tuple[float, float], bool]]:
    """{structure pk: ((lon, lat), approximate)}: its position, else its commune's centre."""
    points, codes = {}, {}
    for offer in offers:
        s = offer.structure
        if s.longitude is not None and s.latitude is not None:
            points[s.pk] = ((s.longitude, s.latitude), s.position_approximate)
        elif s.code_insee:
            codes[s.pk] = s.code_insee
    communes = dict(Zone.objects.filter(level=Level.COMMUNE, code__in=set(codes.values()))
                    .values_list("code", "pk"))
    centres = zone_centres(communes.values())
    for pk, code in codes.items():
        if communes.get(code) in centres:
            points[pk] = (centres[communes[code]], True)
    return points


def _result(offer: SkillOffer, near: Place | None, shapes: Shapes, points: dict) -> Result:
    if offer.structure_id is None:
        who = person_name(offer.person)
        where = zone_label(offer.zone) if offer.zone else WHERE_UNKNOWN
    else:
        who = offer.structure.nom
        where = structure_address(offer.structure) or WHERE_UNKNOWN
        if offer.zone:
            where = f"{where} — intervient à {zone_label(offer.zone)}"
    result = Result(offer=offer, who=who, where=where)
    if near is None:
        return result
    if offer.zone_id in shapes.centres:
        contour = shapes.contours.get(offer.zone_id)
        result.inside = contour is not None and contour.covers(shapely.Point(near.lon, near.lat))
        result.distance_km = 0.0 if result.inside else distance_km((near.lon, near.lat),
                                                                   shapes.centres[offer.zone_id])
    elif offer.structure_id in points:
        point, result.approximate = points[offer.structure_id]
        result.distance_km = distance_km((near.lon, near.lat), point)
    return result


def skill_search(user, *, skill: Skill | None = None, text: str = "", near: Place | None = None,
                 group: TerritorialGroup | None = None) -> list[Result]:
    """The offers `user` may read for `skill` (and the words of `text` in their details or
    skill), within `group`'s members when given (and all structures): nearest first when a
    place is given, those without a place last; else by skill and name."""
    offers = offers_visible(user)
    if skill is not None:
        offers = offers.filter(skill=skill)
    if group is not None:
        offers = offers.filter(Q(structure__isnull=False) | Q(group=group))
    words = normalize_search(text).split()
    offers = [o for o in offers if _matches(o, words)]
    # One line per person or structure, skill and place, even when declared in two groups.
    seen, unique = set(), []
    for o in offers:
        key = (o.person_id, o.structure_id, o.skill_id, o.zone_id, o.details)
        if key not in seen:
            seen.add(key)
            unique.append(o)
    shapes = zone_shapes({o.zone_id for o in unique if o.zone_id}) if near else Shapes()
    points = _structure_points([o for o in unique if o.structure_id and not o.zone_id]) \
        if near else {}
    results = [_result(o, near, shapes, points) for o in unique]
    results.sort(key=lambda r: (r.distance_km is None, r.distance_km or 0,
                                r.offer.skill.label, normalize_search(r.who), r.offer.pk))
    return results


def structure_find(text: str) -> Structure:
    """The open structure named by its number ("12") or by words of its name and commune
    ("centre social pluriel tours"); SkillError listing the candidates when several match."""
    text = " ".join((text or "").split())
    structures = Structure.objects.filter(closed_on__isnull=True)
    if text.isdigit():
        found = structures.filter(pk=int(text)).first()
        if found is None:
            raise SkillError(f"Aucune structure ouverte ne porte le numéro {text}.")
        return found
    words = normalize_search(text).split()
    if not words:
        raise SkillError("Écrivez le nom de la structure (ou son numéro dans l'annuaire).")
    # Compared without accents nor case (as the zone search), hence in Python: names only.
    matches = [(pk, nom, commune) for pk, nom, commune
               in structures.values_list("pk", "nom", "commune")
               if all(w in normalize_search(f"{nom} {commune}") for w in words)]
    exact = [m for m in matches if normalize_search(m[1]) == " ".join(words)]
    if len(exact) == 1 or len(matches) == 1:
        return structures.get(pk=(exact or matches)[0][0])
    if not matches:
        raise SkillError(f"Aucune structure ouverte ne s'appelle « {text} ».")
    listed = " ; ".join(f"{nom} ({commune or 'commune inconnue'}, n° {pk})"
                        for pk, nom, commune in matches[:8])
    raise SkillError(f"« {text} » désigne {len(matches)} structures : {listed}. Ajoutez la "
                     "commune au nom, ou écrivez le numéro de la structure.")
