"""What an import will do with each record, decided before anything is written.

Steps, in order: check every record (H1's validation, plus the lengths the database keeps);
complete the records that can be (INSEE code from the commune's name and postcode, position
from the geocoder or the commune's centre, zone codes that exist); find the duplicates within
the file, then against the directory; compute each change. `imports.py` reports and writes.

Decisions per record ("action"):
- create: a new structure;
- update: the same source and identifier (or the same source that renumbered it: same name
  at the same address) — the file's values replace the directory's, except that an empty
  value never erases a known one (another source may have given it);
- fill: a duplicate of a structure from another source — only its empty fields are filled;
- keep: a duplicate of a structure kept by another group — left as it is;
- merge: a duplicate of an earlier record of the same file — its services join that one's;
- refused: a blocking problem.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField

from .dedup import SAME_ID, KeyIndex, Keys, service_key
from .geocode import CommuneIndex, commune_centres
from .models import Service, Structure
from .v1 import (
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    Problem,
    SourceRecord,
    service_fields,
    structure_fields,
)
from .validation import service_problems, structure_problems

CREATE, UPDATE, FILL, KEEP, MERGE, REFUSED = "create", "update", "fill", "keep", "merge", \
    "refused"
UNCHANGED = "unchanged"
# Zone codes of an eligibility zone, by length: communes 5, départements 2–3, EPCI 9.
ZONE_LEVELS = {5: "commune", 2: "departement", 3: "departement", 9: "epci"}


@dataclass
class ServicePlan:
    data: dict
    fields: dict
    action: str = CREATE  # create, update, unchanged, merge (a duplicate in its structure)
    target: Service | None = None
    changes: dict = field(default_factory=dict)


@dataclass(eq=False)  # compared and hashed by identity: plans are keys of dicts
class Plan:
    record: SourceRecord
    keys: Keys | None = None
    action: str = CREATE
    target: Structure | None = None
    primary: "Plan | None" = None
    reason: str = ""
    position_from_file: bool = True
    fields: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    services: list[ServicePlan] = field(default_factory=list)

    @property
    def owner(self) -> "Plan":
        return self.primary or self


def empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def as_json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def same(old, new) -> bool:
    if empty(old) and empty(new):
        return True
    if isinstance(old, float) or isinstance(new, float):
        try:
            return abs(float(old) - float(new)) < 1e-7
        except (TypeError, ValueError):
            return False
    return old == new


# ---- checks ------------------------------------------------------------------------------

def _max_lengths(model) -> dict[str, int]:
    return {f.name: f.max_length for f in model._meta.get_fields()
            if isinstance(f, CharField) and f.max_length}


# Fields whose shape the validation checks already (a too long value is malformed there).
SHAPED = frozenset({"siret", "code_postal", "code_insee", "type", "frais"})


def _length_problems(data: dict, where: str, prefix: str, lengths: dict) -> list[Problem]:
    """Values longer than the directory keeps (the schema has no limit on most fields)."""
    problems = []
    for name, limit in lengths.items():
        if name in SHAPED:
            continue
        key = "id" if name == "source_id" else name
        value = data.get(key)
        if isinstance(value, str) and len(value) > limit:
            problems.append(Problem(where, prefix + key,
                                    f"valeur trop longue ({len(value)} caractères ; "
                                    f"{limit} au plus)."))
    return problems


def record_problems(record: SourceRecord) -> list[Problem]:
    where = record.label
    problems = list(record.problems)
    problems += structure_problems(record.structure, where)
    problems += _length_problems(record.structure, where, "", _max_lengths(Structure))
    service_lengths = _max_lengths(Service)
    for index, service in enumerate(record.services):
        problems += service_problems(service, where, index)
        problems += _length_problems(service, where, f"services[{index}].", service_lengths)
    return problems


# ---- completing the records -----------------------------------------------------------------

class Places:
    """INSEE codes, positions and zone codes for one import (tables read once)."""

    def __init__(self, geocoder=None):
        self.communes = CommuneIndex()
        self.geocoder = geocoder
        self.zone_codes: dict[str, set[str]] = {}
        self.counts = {"file": 0, "geocoded": 0, "commune": 0, "none": 0}
        self.insee_found = 0

    def complete(self, plans: list[Plan], warn) -> None:
        for plan in plans:
            self._insee(plan.record, warn)
        centres = commune_centres({p.record.structure.get("code_insee") for p in plans})
        for plan in plans:
            self._position(plan, centres, warn)
            for index, service in enumerate(plan.record.services):
                self._zones(plan.record, index, service, warn)

    def _insee(self, record: SourceRecord, warn) -> None:
        data = record.structure
        if data.get("code_insee") or not data.get("commune"):
            return
        code = self.communes.find(data["commune"], data.get("code_postal") or "")
        if code:
            data["code_insee"] = code
            self.insee_found += 1
        elif self.communes.codes:
            warn(record, "code_insee",
                 f"code INSEE introuvable pour la commune « {data['commune']} » "
                 f"(code postal {data.get('code_postal') or 'absent'}) : la fiche sera "
                 "enregistrée sans lui.")

    def _position(self, plan: Plan, centres: dict, warn) -> None:
        record, data = plan.record, plan.record.structure
        if not empty(data.get("longitude")) and not empty(data.get("latitude")):
            self.counts["file"] += 1
            return
        plan.position_from_file = False
        if self.geocoder is not None and data.get("adresse"):
            text = " ".join(str(data.get(k) or "") for k in ("adresse", "code_postal",
                                                              "commune"))
            found = self.geocoder(text, data.get("code_insee") or "")
            if found:
                data["longitude"], data["latitude"] = found[0], found[1]
                record.position_approximate = False
                self.counts["geocoded"] += 1
                return
        centre = centres.get(data.get("code_insee") or "")
        if centre:
            data["longitude"], data["latitude"] = centre
            record.position_approximate = True
            self.counts["commune"] += 1
            warn(record, "latitude", "pas de position dans le fichier : placée au centre de "
                 "sa commune (position approximative).")
            return
        self.counts["none"] += 1
        warn(record, "latitude", "pas de position, ni de commune connue pour en donner une : "
             "la fiche n'apparaîtra pas sur la carte.")

    def _known(self, level: str) -> set[str]:
        from terreau.territory.models import Zone

        if level not in self.zone_codes:
            self.zone_codes[level] = set(Zone.objects.filter(level=level)
                                         .values_list("code", flat=True))
        return self.zone_codes[level]

    def _zones(self, record, index: int, service: dict, warn) -> None:
        """Drop the eligibility codes of zones absent from a level the directory knows."""
        codes = service.get("zone_eligibilite")
        if not isinstance(codes, list) or not codes:
            return
        kept = []
        for code in codes:
            level = ZONE_LEVELS.get(len(str(code)))
            known = self._known(level) if level else set()
            if level and known and str(code) not in known:
                warn(record, f"services[{index}].zone_eligibilite",
                     f"code de zone « {code} » inconnu ({level}) : retiré de la zone "
                     "d'éligibilité.")
                continue
            kept.append(code)
        service["zone_eligibilite"] = kept


# ---- duplicates and changes ---------------------------------------------------------------

def _database_index() -> KeyIndex:
    index = KeyIndex()
    for row in Structure.objects.values("pk", "source", "source_id", "siret", "nom", "adresse",
                                        "code_insee", "code_postal", "commune"):
        index.add(Keys.of({**row, "id": row["source_id"]}), row["pk"])
    return index


def match(plans: list[Plan], group) -> None:
    """Decide each valid record's action: duplicates in the file, then in the directory."""
    in_file = KeyIndex()
    primaries = []
    for plan in plans:
        plan.keys = Keys.of(plan.record.structure)
        earlier, reason = in_file.find(plan.keys)
        if earlier is not None:
            plan.action, plan.primary, plan.reason = MERGE, earlier, reason
            continue
        in_file.add(plan.keys, plan)
        primaries.append(plan)
    index = _database_index()
    by_id = {plan: index.find_by_id(plan.keys) for plan in primaries}
    claimed = {pk for pk in by_id.values() if pk is not None}
    alike = {}
    for plan in primaries:
        if by_id[plan] is None:
            alike[plan] = index.find_alike(plan.keys)
    targets = Structure.objects.select_related("group").in_bulk(
        claimed | {pk for pk, _ in alike.values() if pk is not None})
    renumbered = set()
    group_id = group.pk if group is not None else None
    for plan in primaries:
        if by_id[plan] is not None:
            plan.target, plan.action, plan.reason = targets[by_id[plan]], UPDATE, SAME_ID
        else:
            pk, reason = alike[plan]
            if pk is None:
                continue
            plan.target, plan.reason = targets[pk], reason
            same_source = plan.target.source == plan.keys.source_id[0]
            if same_source and pk not in claimed and pk not in renumbered:
                plan.action = UPDATE  # the source gave it a new identifier
                renumbered.add(pk)
            else:
                plan.action = FILL
        if group_id is not None and plan.target.group_id != group_id:
            plan.action = KEEP


def fill_from_merged(plans: list[Plan]) -> None:
    """A record's duplicates later in the file complete its empty fields (not its identity)."""
    for plan in plans:
        if plan.action != MERGE:
            continue
        primary = plan.primary.record.structure
        for name, value in plan.record.structure.items():
            if name not in ("source", "id") and empty(primary.get(name)) and not empty(value):
                primary[name] = value


def structure_changes(plan: Plan) -> dict:
    """{field: [before, after]} of the structure the plan writes (all fields on creation)."""
    fields = structure_fields(plan.record.structure)
    fields["position_approximate"] = plan.record.position_approximate
    plan.fields = fields
    if plan.action == CREATE:
        return {name: [None, as_json(value)] for name, value in fields.items()
                if not empty(value) and name not in ("source", "extra")}
    if plan.action == KEEP:
        return {}
    target, filling = plan.target, plan.action == FILL
    # A position the file did not give (commune centre, geocoder) never replaces one we have.
    keep_position = not plan.position_from_file and target.latitude is not None
    names = [n for n in (*STRUCTURE_FIELDS, "source_id") if n in fields]
    if keep_position:
        names = [n for n in names if n not in ("longitude", "latitude")]
    changes = {}
    for name in names:
        old, new = getattr(target, name), fields[name]
        # An empty value never erases a known one: another source may have given it.
        if empty(new) or (filling and (name == "source_id" or not empty(old))):
            continue
        if not same(old, new):
            changes[name] = [as_json(old), as_json(new)]
    moved = "latitude" in changes or "longitude" in changes
    if (moved or not (filling or keep_position)) and \
            target.position_approximate != fields["position_approximate"]:
        changes["position_approximate"] = [target.position_approximate,
                                           fields["position_approximate"]]
    extra = {**fields["extra"], **target.extra} if filling else {**target.extra,
                                                                  **fields["extra"]}
    if extra != target.extra:
        changes["extra"] = [target.extra, extra]
    return changes


def plan_services(primaries: list[Plan], merged: list[Plan]) -> None:
    """Each service of the file: created, updated (same source and id), or a duplicate of a
    service its structure already has (same name and type)."""
    pairs = [(p, s) for p in primaries for s in p.record.services]
    pairs += [(p.owner, s) for p in merged for s in p.record.services]
    sources = {str(s.get("source") or "") for _, s in pairs}
    existing = {(s.source, s.source_id): s for s in
                Service.objects.filter(source__in=sources).select_related("structure")}
    # The services each structure has, by name and type: {structure: {key: Service | None}}.
    known: dict[object, dict[str, Service | None]] = {}
    target_pks = [p.target.pk for p in primaries if p.target is not None]
    for service in Service.objects.filter(structure_id__in=target_pks).select_related(
            "structure"):
        known.setdefault(service.structure_id, {})[service_key(
            {"nom": service.nom, "type": service.type})] = service
    # Services the file names by their own identifier: never renumbered into another one.
    claimed = {existing[key].pk for key in ((str(d.get("source") or ""), str(d.get("id") or ""))
                                            for _, d in pairs) if key in existing}
    for owner, data in pairs:
        plan = ServicePlan(data, service_fields(data))
        owner.services.append(plan)
        if owner.action == KEEP:
            plan.action = MERGE
            continue
        names = known.setdefault(owner.target.pk if owner.target else owner, {})
        key = service_key(data)
        plan.target = existing.get((plan.fields["source"], plan.fields["source_id"]))
        if plan.target is None and key in names:
            alike = names[key]
            # The source renumbered the structure and its services: same name, same source.
            if (owner.action == UPDATE and alike is not None and alike.pk not in claimed
                    and alike.source == plan.fields["source"]):
                plan.target = alike
                claimed.add(alike.pk)
            else:
                plan.action = MERGE
                continue
        if plan.target is None:
            names[key] = None
            plan.changes = {n: [None, as_json(v)] for n, v in plan.fields.items()
                            if not empty(v) and n not in ("source", "extra")}
            continue
        plan.changes = _service_changes(plan.target, plan.fields, owner)
        plan.action = UPDATE if plan.changes else UNCHANGED


def _service_changes(service: Service, fields: dict, owner: Plan) -> dict:
    changes = {}
    for name in (*SERVICE_FIELDS, "source_id"):
        if name in fields and not empty(fields[name]) and not same(getattr(service, name),
                                                                    fields[name]):
            changes[name] = [as_json(getattr(service, name)), as_json(fields[name])]
    extra = {**service.extra, **fields["extra"]}
    if extra != service.extra:
        changes["extra"] = [service.extra, extra]
    if owner.target is not None and service.structure_id != owner.target.pk:
        changes["structure"] = [service.structure.nom, owner.target.nom]
    return changes
