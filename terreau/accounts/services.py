"""Use cases that write groups, users and memberships (the command line and the demo use them),
and the territories the groups draw ("territoires vécus").
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from terreau.territory.choices import Level
from terreau.territory.layers import invalidate_layers_within
from terreau.territory.models import Zone

from .models import GroupTerritory, Membership, TerritorialGroup
from .roles import Role

GROUP_NOT_FOUND = "Le groupe « {slug} » n'existe pas. Groupes existants : {known}."
ROLE_UNKNOWN = "Rôle inconnu « {role} ». Rôles possibles : {known}."
ZONE_UNKNOWN = (
    "Zone inconnue : {codes}. Vérifiez le code INSEE, ou importez d'abord ces zones "
    "(terreau import-zones)."
)
ZONE_AMBIGUOUS = (
    "Le code « {code} » désigne plusieurs zones ({zones}) : précisez le niveau, "
    "par exemple {example}."
)
INVALID = "{what} invalide : {errors}"


class AccountsError(Exception):
    """A French message for the person who asked for something impossible."""


@dataclass(frozen=True)
class UserAddResult:
    user: object
    membership: Membership
    user_created: bool
    membership_created: bool
    password: str | None  # the password set now, or None when it was left unchanged


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def zones_resolve(*, codes: Iterable[str]) -> list[Zone]:
    """Return the zones with these INSEE codes (any level; "level:code" picks one level)."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    zones, unknown = [], []
    for item in wanted:
        level, _, code = item.rpartition(":")
        found = Zone.objects.filter(code=code)
        if level:
            found = found.filter(level=level)
        found = list(found.order_by("level"))
        if not found:
            unknown.append(item)
        elif len(found) > 1:
            raise AccountsError(ZONE_AMBIGUOUS.format(
                code=code,
                zones=", ".join(f"{z.get_level_display()} {z.name}" for z in found),
                example=f"{found[0].level}:{code}",
            ))
        elif found[0] not in zones:
            zones.append(found[0])
    if unknown:
        raise AccountsError(ZONE_UNKNOWN.format(codes=", ".join(unknown)))
    return zones


# Words of addresses where a group's slug would also fit (/api/v1/suivi/projet/...).
RESERVED_GROUP_SLUGS = frozenset({"projet"})


@transaction.atomic
def group_create_or_update(
    *,
    slug: str,
    name: str,
    zone_codes: Sequence[str] | None = None,
    description: str | None = None,
) -> tuple[TerritorialGroup, bool]:
    """Create the group `slug`, or update its name (and zones, when given); say if it is new.

    `zone_codes=None` leaves the group's zones as they are; a list replaces them.
    """
    if slug in RESERVED_GROUP_SLUGS:
        raise AccountsError(f"L'identifiant « {slug} » est réservé (il désigne tout le projet "
                            "dans le suivi) : choisissez-en un autre.")
    zones = zones_resolve(codes=zone_codes) if zone_codes is not None else None
    group = TerritorialGroup.objects.filter(slug=slug).first()
    created = group is None
    if created:
        group = TerritorialGroup(slug=slug)
    group.name = name
    if description is not None:
        group.description = description
    try:
        group.full_clean()
    except ValidationError as error:
        raise AccountsError(INVALID.format(what="Groupe", errors=_messages(error))) from error
    group.save()
    if zones is not None:
        group.zones.set(zones)
    return group, created


def role_parse(*, role: str) -> Role:
    """Return the role named `role` (its code, e.g. "steward"), or explain the choices."""
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(f"{r.value} ({r.label})" for r in Role)
        raise AccountsError(ROLE_UNKNOWN.format(role=role, known=known)) from None


def password_generate() -> str:
    """Return a random password that is easy to type (letters, digits and dashes)."""
    return "-".join(secrets.token_hex(3) for _ in range(3))


@transaction.atomic
def user_add_to_group(
    *,
    username: str,
    group_slug: str,
    role: str,
    password: str | None = None,
    email: str | None = None,
) -> UserAddResult:
    """Create the user (or update them) and give them `role` in the group.

    A new user without a password gets a generated one; an existing user keeps theirs unless
    a password is given. The `admin` role also makes the user staff and superuser.
    """
    parsed_role = role_parse(role=role)
    group = TerritorialGroup.objects.filter(slug=group_slug).first()
    if group is None:
        known = ", ".join(TerritorialGroup.objects.order_by("slug").values_list("slug", flat=True))
        raise AccountsError(GROUP_NOT_FOUND.format(slug=group_slug, known=known or "aucun"))

    User = get_user_model()
    user = User.objects.filter(username=username).first()
    user_created = user is None
    if user_created:
        user = User(username=username)
        password = password or password_generate()
    if email is not None:
        user.email = email
    if parsed_role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise AccountsError(INVALID.format(what="Mot de passe", errors=_messages(error))) \
                from error
        user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        raise AccountsError(INVALID.format(what="Utilisateur", errors=_messages(error))) \
            from error
    user.save()

    membership = Membership.objects.filter(user=user, group=group).first()
    membership_created = membership is None
    if membership_created:
        membership = Membership(user=user, group=group)
    membership.role = parsed_role
    membership.full_clean()
    membership.save()
    return UserAddResult(user=user, membership=membership, user_created=user_created,
                         membership_created=membership_created, password=password)


# ---- Territories drawn by the groups ----------------------------------------------------

TERRITORY_MAX_ZONES = 2000
TERRITORY_NAME_MISSING = "Donnez un nom au territoire."
TERRITORY_NAME_TOO_LONG = "Le nom compte au plus {max} caractères (il en a {count})."
TERRITORY_NAME_TAKEN = ("Le groupe « {group} » a déjà un territoire nommé « {name} » : "
                        "choisissez un autre nom.")
TERRITORY_NO_ZONE = "Choisissez au moins une zone, sur la carte ou dans la liste."
TERRITORY_ZONES_GONE = ("{count} des zones choisies n'existent plus : rechargez la page et "
                        "choisissez à nouveau.")
TERRITORY_MIXED_LEVELS = ("Les zones d'un territoire sont toutes du même niveau ; vous avez "
                          "choisi {detail}. Gardez un seul niveau.")
TERRITORY_TOO_MANY = ("Un territoire compte au plus {max} zones ; vous en avez choisi {count}. "
                      "Choisissez des zones plus grandes (des communes plutôt que des IRIS).")


def _territory_zones(zone_ids: Iterable[int | str]) -> tuple[list[int], str, list[str]]:
    """Return (zone ids, their level, French errors) for the zones chosen."""
    try:
        wanted = {int(pk) for pk in zone_ids}
    except (TypeError, ValueError):
        return [], "", [TERRITORY_ZONES_GONE.format(count="Certaines")]
    if not wanted:
        return [], "", [TERRITORY_NO_ZONE]
    if len(wanted) > TERRITORY_MAX_ZONES:
        return [], "", [TERRITORY_TOO_MANY.format(max=TERRITORY_MAX_ZONES, count=len(wanted))]
    rows = dict(Zone.objects.filter(pk__in=wanted).values_list("pk", "level"))
    errors = []
    if len(rows) < len(wanted):
        errors.append(TERRITORY_ZONES_GONE.format(count=len(wanted) - len(rows)))
    levels: dict[str, int] = {}
    for level in rows.values():
        levels[level] = levels.get(level, 0) + 1
    if len(levels) > 1:
        labels = dict(Level.choices)
        detail = " et ".join(f"{count} de niveau {str(labels.get(level, level)).lower()}"
                             for level, count in sorted(levels.items()))
        errors.append(TERRITORY_MIXED_LEVELS.format(detail=detail))
    return sorted(rows), next(iter(levels), ""), errors


def _territory_check(*, group: TerritorialGroup, name: str, zone_ids: Iterable[int | str],
                     current: GroupTerritory | None = None) -> tuple[str, str, list[int], str]:
    """Validate a territory; return (name, slug, zone ids, level) or raise ValidationError."""
    name = " ".join((name or "").split())
    errors: dict[str, list[str]] = {}
    max_length = GroupTerritory._meta.get_field("name").max_length
    slug = slugify(name)[:GroupTerritory._meta.get_field("slug").max_length] or "territoire"
    if not name:
        errors["name"] = [TERRITORY_NAME_MISSING]
    elif len(name) > max_length:
        errors["name"] = [TERRITORY_NAME_TOO_LONG.format(max=max_length, count=len(name))]
    else:
        others = group.territories.exclude(pk=current.pk) if current else group.territories
        if others.filter(name__iexact=name).exists() or others.filter(slug=slug).exists():
            errors["name"] = [TERRITORY_NAME_TAKEN.format(group=group.name, name=name)]
    ids, level, zone_errors = _territory_zones(zone_ids)
    if zone_errors:
        errors["zones"] = zone_errors
    if errors:
        raise ValidationError(errors)
    return name, slug, ids, level


@transaction.atomic
def group_territory_create(*, group: TerritorialGroup, name: str, zone_ids: Iterable[int | str],
                           description: str = "", user=None) -> GroupTerritory:
    """Save the zones chosen as a named territory of the group.

    Raise ValidationError ({"name": [...], "zones": [...]}, French) and create nothing when
    the name is empty or taken in the group, or the zones are none, gone or of mixed levels.
    """
    name, slug, ids, level = _territory_check(group=group, name=name, zone_ids=zone_ids)
    territory = GroupTerritory.objects.create(
        group=group, name=name, slug=slug, level=level, description=(description or "").strip(),
        created_by=user if user is not None and user.is_authenticated else None)
    territory.zones.set(ids)
    return territory


@transaction.atomic
def group_territory_update(*, territory: GroupTerritory, name: str,
                           zone_ids: Iterable[int | str], description: str = ""
                           ) -> GroupTerritory:
    """Change a territory's name, description and zones (same rules as the creation).

    Its revision grows: its cached layers go, and its cached values get new keys.
    """
    name, slug, ids, level = _territory_check(group=territory.group, name=name,
                                              zone_ids=zone_ids, current=territory)
    territory.name, territory.slug, territory.level = name, slug, level
    territory.description = (description or "").strip()
    territory.revision += 1
    territory.save()
    territory.zones.set(ids)
    invalidate_layers_within(territory.within_param)
    return territory


@transaction.atomic
def group_territory_delete(*, territory: GroupTerritory) -> None:
    """Delete a territory and its cached layers (the group and the zones stay)."""
    invalidate_layers_within(territory.within_param)
    territory.delete()
