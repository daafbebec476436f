"""The value lists of the data·inclusion v1 model (themes, publics, fees, modes…) and the
themes a group adds for needs the national list does not name.

The national lists come from the schema's `extra/*.json` files (`[{value, label,
description}]`), one file per `VocabularyKind` ("thematiques.json" → "thematiques").
A group's own theme is a Vocabulary row of kind "thematiques" with `national=False`, its
group set and a value `<group slug>--<slugified label>`: the same "category--name" shape as
the national values, but the category is the group, so it never collides with them.

Reading a list is one query; validating a whole file reads every list once per record, so
bulk callers (imports, exports) wrap their work in `vocabularies_cached()`.
"""

import contextvars
import json
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .choices import VocabularyKind
from .models import Vocabulary

# The category part of the national theme values ("numerique--…"), for labels that say
# which family a theme belongs to: the v1 lists give only the leaf's label.
THEME_CATEGORIES = {
    "choisir-un-metier": "Choisir un métier",
    "creer-une-entreprise": "Créer une entreprise",
    "difficultes-administratives-ou-juridiques": "Difficultés administratives ou juridiques",
    "difficultes-financieres": "Difficultés financières",
    "equipement-et-alimentation": "Équipement et alimentation",
    "famille": "Famille",
    "lecture-ecriture-calcul": "Lecture, écriture, calcul",
    "logement-hebergement": "Logement et hébergement",
    "mobilite": "Mobilité",
    "numerique": "Numérique",
    "preparer-sa-candidature": "Préparer sa candidature",
    "remobilisation": "Remobilisation",
    "sante": "Santé",
    "se-former": "Se former",
    "souvrir-a-linternational": "S’ouvrir à l’international",
    "trouver-un-emploi": "Trouver un emploi",
}

_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "directory_vocabularies", default=None)


class ThemeError(ValueError):
    """A group theme that cannot be created (French message for the page)."""


def vocabularies_load(schema_dir) -> int:
    """Create or update the national values from `schema_dir/extra/*.json`; return how many
    values the files hold. Running it again changes nothing (labels are refreshed)."""
    extra = Path(schema_dir) / "extra"
    wanted = {}
    for kind in VocabularyKind.values:
        path = extra / f"{kind}.json"
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                wanted[kind, item["value"]] = (item["label"], item.get("description") or "")
    with transaction.atomic():
        existing = {(row.kind, row.value): row for row in Vocabulary.objects.filter(
            kind__in={kind for kind, _value in wanted})}
        changed = []
        for key, (label, description) in wanted.items():
            row = existing.get(key)
            if row is None:
                continue
            if (row.label, row.description, row.national, row.group_id) != (
                    label, description, True, None):
                row.label, row.description, row.national, row.group_id = (
                    label, description, True, None)
                changed.append(row)
        Vocabulary.objects.bulk_update(changed, ["label", "description", "national", "group"])
        Vocabulary.objects.bulk_create([
            Vocabulary(kind=kind, value=value, label=label, description=description)
            for (kind, value), (label, description) in wanted.items()
            if (kind, value) not in existing])
    _forget()
    return len(wanted)


@contextmanager
def vocabularies_cached():
    """Read each list at most once inside the block (a whole import or export)."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def _forget() -> None:
    cache = _cache.get()
    if cache is not None:
        cache.clear()


def vocabulary(kind: str) -> dict[str, str]:
    """{value: label} of a list: the national values and, for themes, every group's own."""
    cache = _cache.get()
    if cache is not None and kind in cache:
        return cache[kind]
    values = dict(Vocabulary.objects.filter(kind=kind).order_by("label")
                  .values_list("value", "label"))
    if cache is not None:
        cache[kind] = values
    return values


def national_values(kind: str) -> set[str]:
    """The values of the national list only (what the data·inclusion schema accepts)."""
    return set(Vocabulary.objects.filter(kind=kind, national=True)
               .values_list("value", flat=True))


def theme_label(value: str, label: str) -> str:
    """"Numérique : Accéder à une connexion internet" — the family said before the leaf."""
    category = THEME_CATEGORIES.get(value.split("--", 1)[0])
    return f"{category} : {label}" if category else label


def group_themes(group):
    return Vocabulary.objects.filter(kind=VocabularyKind.THEMATIQUE, national=False,
                                     group=group).order_by("label")


def theme_value(group, label: str) -> str:
    return f"{group.slug}--{slugify(label)}"[:150]


def theme_create(group, label: str, description: str, user) -> Vocabulary:
    """Add a group's own theme. `user` is who asked (the caller checks their role).

    Raises ThemeError (French) for an empty label or a theme the group already has."""
    label = " ".join((label or "").split())
    if len(slugify(label)) < 2:
        raise ThemeError("Donnez un nom au thème (au moins deux lettres).")
    if len(label) > 300:
        raise ThemeError("Le nom du thème est trop long (300 caractères au plus).")
    value = theme_value(group, label)
    if Vocabulary.objects.filter(kind=VocabularyKind.THEMATIQUE, value=value).exists():
        raise ThemeError(f"Le groupe a déjà un thème « {label} ».")
    theme = Vocabulary.objects.create(kind=VocabularyKind.THEMATIQUE, value=value,
                                      label=label, description=(description or "").strip(),
                                      national=False, group=group)
    _forget()
    return theme


def theme_groups(user):
    """The groups for which `user` adds themes: those they facilitate, steward or
    administer (every group for the instance's administrators)."""
    from terreau.accounts.models import TerritorialGroup

    from .queries import MAKER_ROLES

    groups = TerritorialGroup.objects.order_by("name")
    if not (user and user.is_authenticated):
        return groups.none()
    if user.is_superuser or user.has_perm("accounts.administer_instance"):
        return groups
    return groups.filter(memberships__user=user,
                         memberships__role__in=MAKER_ROLES).distinct()


def themes_readable(user):
    """The groups' own themes `user` reads: their groups' (every group's for administrators)."""
    themes = Vocabulary.objects.filter(kind=VocabularyKind.THEMATIQUE, national=False) \
        .select_related("group").order_by("group__name", "label")
    if not (user and user.is_authenticated):
        return themes.none()
    if user.is_superuser or user.has_perm("accounts.administer_instance"):
        return themes
    return themes.filter(group__memberships__user=user).distinct()
