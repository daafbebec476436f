"""What a `dans` parameter names: one zone ("37", "commune:37261") or a set of zones that an
app above drew ("vecu:12", a group's own territory, stored by `accounts`).

Why a registry. The zones, the map layers and their cache live here, in `territory`; a
group's territory lives in `accounts`, which depends on `territory` (groups have zones), never
the reverse. So `territory` does not know how to read "vecu:12": the app that stores such
territories registers, when it loads (its AppConfig.ready), a *kind* — a prefix, a function
that turns "12" into a `Within` for a user, and the select options to offer that user.
Everything that receives a `dans` (the map page, the layer API, the indicator values, the
atlas) asks `queries.within_resolve(dans, user=...)` and gets a `Within`: the zone ids it is
made of, its name, the level of its zones and a version for cache keys. The kind decides who
may see it: it answers None, as for an unknown code, so that callers answer 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .choices import Level
from .models import Zone

# Options of a <select>, as territory_choices gives them: [(group label, [(value, label, key)])]
ChoiceGroups = list[tuple[str, list[tuple[str, str, str]]]]
VERSION_SEPARATOR = "@"


class WithinLevelError(ValueError):
    """A map asked for zones larger than those a drawn territory is made of (French message)."""


def _level_label(level: str) -> str:
    labels = dict(Level.choices)
    return str(labels.get(level, level)).lower()


@dataclass(frozen=True)
class Within:
    """The zones a `dans` parameter names.

    `zone_ids` are the zones it is made of (one for a zone); a map of the same level shows
    them, a map of a finer level shows the zones whose ancestors are among them.
    """

    param: str  # the `dans` value that names it ("37", "vecu:12")
    key: str  # stable name to recognise the current option ("departement:37", "vecu:12")
    name: str
    level: str  # level of `zone_ids`
    zone_ids: frozenset[int]
    label: str  # plain words for the page: "département Indre-et-Loire (37)"
    zone: Zone | None = None  # the zone, when `dans` names one
    version: str = ""  # changes whenever its zones change

    @classmethod
    def of_zone(cls, zone: Zone, param: str) -> "Within":
        return cls(param=param, key=f"{zone.level}:{zone.code}", name=zone.name,
                   level=zone.level, zone_ids=frozenset({zone.pk}),
                   label=f"{_level_label(zone.level)} {zone.name} ({zone.code})", zone=zone)

    @property
    def is_zone(self) -> bool:
        return self.zone is not None

    @property
    def code(self) -> str:
        """The zone's INSEE code, or the `dans` of a drawn territory ("vecu:12")."""
        return self.zone.code if self.zone is not None else self.param

    @property
    def cache_key(self) -> str:
        """The key of its cached layers and values: `param`, plus the version of a drawn one.

        A new version gives new keys, so that no process serves the zones it had before.
        """
        return f"{self.param}{VERSION_SEPARATOR}{self.version}" if self.version else self.param

    def check_level(self, level: str, rank: Callable[[str], int]) -> None:
        """Refuse a level larger than the zones of a drawn territory (a zone accepts any)."""
        if self.is_zone or rank(level) >= rank(self.level):
            return
        raise WithinLevelError(
            f"Le territoire « {self.name} » est composé de zones de niveau "
            f"{_level_label(self.level)} : affichez-le à ce niveau ou à un niveau plus fin, "
            f"pas au niveau {_level_label(level)}.")


@dataclass(frozen=True)
class WithinKind:
    """A kind of drawn territory registered by an app above `territory`."""

    prefix: str
    # (the text after "prefix:", the user or None) → the territory, or None if unknown/hidden
    resolve: Callable[[str, object], Within | None]
    # the user → option groups for the territory selects
    choices: Callable[[object], ChoiceGroups]


_kinds: dict[str, WithinKind] = {}


def within_kind_register(prefix: str, *, resolve: Callable[[str, object], Within | None],
                         choices: Callable[[object], ChoiceGroups]) -> None:
    """Let `dans=prefix:...` name territories that another app stores (see the module doc)."""
    if prefix in Level.values:
        raise ValueError(f"{prefix!r} is a zone level, not a free prefix")
    _kinds[prefix] = WithinKind(prefix, resolve, choices)


def within_kind(dans: str) -> WithinKind | None:
    """Return the registered kind named by the prefix of `dans` (no query), or None."""
    prefix, sep, _ = (dans or "").strip().partition(":")
    return _kinds.get(prefix) if sep else None


def within_kinds() -> list[WithinKind]:
    return list(_kinds.values())
