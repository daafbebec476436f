"""Keeping directory records up to date: create, change and close structures and services,
with the history of every change (the secret link and proposals: records_review.py).

Every change goes through `changes_check`: the record as it would become is validated as a
whole data·inclusion v1 record (validation.py) before anything is written, and one
`ChangeRecord` per structure or service keeps {field: [before, after]}, how and by whom.
Those who may not change a structure directly (its staff through the secret link, without an
account; any signed-in member) make a `ChangeProposal`; a steward of the structure
(`queries.can_steward`) accepts it (applied through the same path, via "review") or refuses it.

Changes are plain JSON: {"structure": {field: value}, "services": {pk: {field: value}}},
values as the models hold them ("" for an empty text, [] for an empty list, None for no
number). The date of update (`date_maj`) follows every applied change.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .choices import ChangeVia
from .models import ChangeRecord, Service, Structure
from .queries import can_import, can_steward
from .v1 import LISTS, NUMBERS, SERVICE_FIELDS, STRUCTURE_FIELDS, service_to_v1, structure_to_v1
from .validation import service_problems, structure_problems

SOURCE = "terreau"
STRUCTURE_EDITABLE = tuple(name for name in STRUCTURE_FIELDS if name != "date_maj")
SERVICE_EDITABLE = tuple(name for name in SERVICE_FIELDS if name != "date_maj")
STRUCTURE = "structure"
# The pseudo-fields of the history that are not v1 fields.
CLOSED = "closed_on"
UPDATE_LINK = "update_link"


@dataclass
class FieldError:
    """One refused value: which record ("structure" or a service's pk), field, why."""

    target: str
    field: str
    message: str


class RecordError(ValueError):
    """A change refused, with a French message naming the record and the field."""

    def __init__(self, message: str, errors: list[FieldError] | None = None):
        super().__init__(message)
        self.errors = errors or []


class NotAllowed(PermissionError):
    """The person may not do this to this structure (French message)."""


def _field_of(path: str) -> str:
    """"services[0].thematiques[1]" → "thematiques" (the form field the problem is about)."""
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def _normalize(name: str, value):
    """A value as the model holds it; ValueError (French) when it cannot be one."""
    if name in LISTS:
        if value in (None, ""):
            return []
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValueError("une liste de valeurs est attendue")
        return [str(item) for item in value]
    if name in NUMBERS:
        if value in (None, ""):
            return None
        try:
            return float(str(value).replace(",", "."))
        except ValueError:
            raise ValueError(f"« {value} » n'est pas un nombre") from None
    if isinstance(value, list | dict):
        raise ValueError("un texte est attendu")
    return "" if value is None else str(value).strip()


def _v1(value):
    """A model value as data·inclusion writes it (empty → null)."""
    if value in ("", None, []):
        return None
    return value.isoformat() if isinstance(value, datetime.date) else value


def json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _same(name: str, before, after) -> bool:
    if name in LISTS and name != "zone_eligibilite":
        return sorted(before or []) == sorted(after or [])
    return before == after


def _refusal(errors: list[FieldError], names: dict[str, str]) -> RecordError:
    lines = [f"{names.get(e.target, e.target)}, champ « {e.field} » : {e.message}"
             for e in errors]
    return RecordError("Modification refusée : " + " ; ".join(lines) + ".", errors)


@dataclass
class Plan:
    """What a change would write: per record, {field: (before, after)} of real differences."""

    structure: Structure
    structure_changes: dict
    services: list[tuple[Service, dict]]

    @property
    def empty(self) -> bool:
        return not self.structure_changes and not any(c for _, c in self.services)


def _diff(obj, values: dict, allowed: tuple, target: str, errors: list) -> dict:
    changed = {}
    for name, value in values.items():
        if name not in allowed:
            errors.append(FieldError(target, name, "ce champ ne peut pas être changé"))
            continue
        try:
            after = _normalize(name, value)
        except ValueError as error:
            errors.append(FieldError(target, name, str(error)))
            continue
        before = getattr(obj, name)
        if not _same(name, before, after):
            changed[name] = (before, after)
    return changed


def _problems(kind: str, obj, changed: dict, target: str, where: str, index: int = 0):
    data = structure_to_v1(obj) if kind == STRUCTURE else service_to_v1(obj)
    data.update({name: _v1(after) for name, (_, after) in changed.items()})
    data["date_maj"] = timezone.localdate().isoformat()
    found = (structure_problems(data, where) if kind == STRUCTURE
             else service_problems(data, where, index))
    return [FieldError(target, _field_of(p.field), p.message) for p in found if p.blocking]


def changes_check(structure: Structure, changes: dict) -> Plan:
    """The plan of `changes` on `structure`, or RecordError listing every refused value."""
    if not isinstance(changes, dict) or set(changes) - {"structure", "services"}:
        raise RecordError("Modification refusée : les changements attendus sont "
                          "{\"structure\": {…}, \"services\": {…}}.")
    errors: list[FieldError] = []
    names = {STRUCTURE: f"structure « {structure.nom} »"}
    own = _diff(structure, changes.get("structure") or {}, STRUCTURE_EDITABLE, STRUCTURE,
                errors)
    if own:
        errors += _problems(STRUCTURE, structure, own, STRUCTURE, names[STRUCTURE])
    services = []
    kept = {str(s.pk): s for s in structure.services.all()}
    for index, (key, values) in enumerate((changes.get("services") or {}).items()):
        service = kept.get(str(key))
        if service is None or not isinstance(values, dict):
            errors.append(FieldError(str(key), "service",
                                     "ce service n'est pas un service de la structure"))
            continue
        names[str(key)] = f"service « {service.nom} »"
        changed = _diff(service, values, SERVICE_EDITABLE, str(key), errors)
        if changed:
            errors += _problems("service", service, changed, str(key), names[str(key)],
                                index)
        services.append((service, changed))
    if errors:
        raise _refusal(errors, names)
    return Plan(structure, own, services)


def _write(obj, changed: dict, *, structure: Structure, service, via, user, note):
    if not changed:
        return None
    for name, (_, after) in changed.items():
        setattr(obj, name, after)
    obj.date_maj = timezone.localdate()
    obj.save()
    return ChangeRecord.objects.create(
        structure=structure, service=service, via=via, by=user, note=note[:300],
        changes={name: [json_value(before), json_value(after)] for name, (before, after)
                 in changed.items()})


def plan_apply(plan: Plan, *, user, via: str, note: str = "") -> list[ChangeRecord]:
    """Write a checked plan and its history (one ChangeRecord per record changed)."""
    with transaction.atomic():
        written = [_write(plan.structure, plan.structure_changes, structure=plan.structure,
                          service=None, via=via, user=user, note=note)]
        written += [_write(service, changed, structure=plan.structure, service=service,
                           via=via, user=user, note=note)
                    for service, changed in plan.services]
    return [record for record in written if record is not None]


def require_steward(user, structure: Structure) -> None:
    if not can_steward(user, structure):
        raise NotAllowed("Seul·es les référent·es des données de cette structure peuvent la "
                         "modifier directement : proposez plutôt une modification.")


def changes_apply(structure: Structure, changes: dict, *, user, via: str = ChangeVia.FORM,
                  note: str = "") -> list[ChangeRecord]:
    """A steward's direct change (form or API): checked, written, kept in the history."""
    require_steward(user, structure)
    return plan_apply(changes_check(structure, changes), user=user, via=via, note=note)


# ---- Creating -----------------------------------------------------------------------------

def _new_id() -> str:
    return str(uuid.uuid4())


def _creation(kind: str, values: dict, allowed: tuple, errors: list, target: str) -> dict:
    fields = {}
    for name, value in values.items():
        if name not in allowed:
            errors.append(FieldError(target, name, "ce champ ne peut pas être donné"))
            continue
        try:
            fields[name] = _normalize(name, value)
        except ValueError as error:
            errors.append(FieldError(target, name, str(error)))
    return fields


def _created_record(fields: dict, *, structure, service, via, user):
    ChangeRecord.objects.create(
        structure=structure, service=service, via=via, by=user, note="Création",
        changes={name: [None, json_value(value)] for name, value in fields.items()
                 if value not in ("", None, [])})


def _check_new(kind: str, fields: dict, target: str, where: str, index: int = 0):
    data = {"source": SOURCE, "id": "nouveau", **{k: _v1(v) for k, v in fields.items()},
            "date_maj": timezone.localdate().isoformat()}
    if kind != STRUCTURE:
        data["structure_id"] = "nouveau"
    found = (structure_problems(data, where) if kind == STRUCTURE
             else service_problems(data, where, index))
    return [FieldError(target, _field_of(p.field), p.message) for p in found if p.blocking]


def structure_create(values: dict, *, group, user, via: str = ChangeVia.FORM,
                     services: list[dict] | tuple = ()) -> Structure:
    """A new structure kept by `group` (None: the whole instance), with its services.

    Source "terreau" and a new identifier, so that exports send it back as ours."""
    if not can_import(user, group):
        raise NotAllowed("Seul·es les référent·es des données du groupe ajoutent des "
                         "structures à son annuaire.")
    errors: list[FieldError] = []
    fields = _creation(STRUCTURE, values, STRUCTURE_EDITABLE, errors, STRUCTURE)
    names = {STRUCTURE: f"nouvelle structure « {fields.get('nom') or 'sans nom'} »"}
    errors += _check_new(STRUCTURE, fields, STRUCTURE, names[STRUCTURE])
    planned = []
    for index, data in enumerate(services):
        target = f"nouveau-{index + 1}"
        names[target] = f"nouveau service n° {index + 1}"
        service_fields = _creation("service", data, SERVICE_EDITABLE, errors, target)
        errors += _check_new("service", service_fields, target, names[target], index)
        planned.append(service_fields)
    if errors:
        raise _refusal(errors, names)
    with transaction.atomic():
        structure = Structure.objects.create(source=SOURCE, source_id=_new_id(), group=group,
                                             date_maj=timezone.localdate(), **fields)
        _created_record(fields, structure=structure, service=None, via=via, user=user)
        for service_fields in planned:
            _service_write(structure, service_fields, user=user, via=via)
    return structure


def _service_write(structure: Structure, fields: dict, *, user, via) -> Service:
    service = Service.objects.create(structure=structure, source=SOURCE, source_id=_new_id(),
                                     date_maj=timezone.localdate(), **fields)
    _created_record(fields, structure=structure, service=service, via=via, user=user)
    return service


def service_create(structure: Structure, values: dict, *, user,
                   via: str = ChangeVia.FORM) -> Service:
    """A new service of the structure (its stewards)."""
    require_steward(user, structure)
    errors: list[FieldError] = []
    fields = _creation("service", values, SERVICE_EDITABLE, errors, "nouveau")
    names = {"nouveau": f"nouveau service « {fields.get('nom') or 'sans nom'} »"}
    errors += _check_new("service", fields, "nouveau", names["nouveau"])
    if errors:
        raise _refusal(errors, names)
    with transaction.atomic():
        return _service_write(structure, fields, user=user, via=via)


# ---- Closing (never deleting) -------------------------------------------------------------

def closed_set(obj: Structure | Service, closed: bool, *, user, via: str = ChangeVia.FORM,
               note: str = "") -> ChangeRecord | None:
    """Mark a structure or a service closed today (closed=True) or open again.

    The record stays: searches and pages say "fermée", the history keeps the date."""
    structure = obj if isinstance(obj, Structure) else obj.structure
    require_steward(user, structure)
    after = (obj.closed_on or timezone.localdate()) if closed else None
    if obj.closed_on == after:
        return None
    with transaction.atomic():
        record = ChangeRecord.objects.create(
            structure=structure, service=None if obj is structure else obj, via=via,
            by=user, note=note[:300],
            changes={CLOSED: [json_value(obj.closed_on), json_value(after)]})
        obj.closed_on = after
        obj.save(update_fields=["closed_on", "updated_at"])
    return record
