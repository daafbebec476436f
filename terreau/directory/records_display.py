"""Changes said in plain words: the label of each field and its values as people read them
(themes by their label, empty as "—"), for the review of a proposal and the history."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from .choices import ChangeVia
from .models import ChangeProposal, ChangeRecord, Service, Structure
from .records import CLOSED, UPDATE_LINK
from .vocabularies import theme_label, vocabularies_cached, vocabulary

# The fields whose values are taken from a data·inclusion list.
FIELD_KINDS = {
    "thematiques": "thematiques", "publics": "publics", "frais": "frais",
    "modes_accueil": "modes-accueil", "modes_mobilisation": "modes-mobilisation",
    "mobilisable_par": "personnes-mobilisatrices", "reseaux_porteurs": "reseaux-porteurs",
    "type": "types-de-services",
}
EMPTY = "—"


@dataclass
class Row:
    """One field of one record, before and after, in plain words."""

    record: str
    label: str
    before: str
    after: str


def field_label(name: str, model=Structure) -> str:
    if name == CLOSED:
        return "Fermée le" if model is Structure else "Fermé le"
    if name == UPDATE_LINK:
        return "Lien de mise à jour"
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field of an older version of the model: say its name
        return name
    return label[:1].upper() + label[1:]


def _label(name: str, value) -> str:
    kind = FIELD_KINDS.get(name)
    if kind is None:
        return str(value)
    label = vocabulary(kind).get(value, value)
    return theme_label(value, label) if kind == "thematiques" else label


def value_text(name: str, value) -> str:
    """A stored value as people read it."""
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, list):
        return " ; ".join(_label(name, item) for item in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
    if name in (CLOSED, "date_maj"):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    return _label(name, value)


def _rows(record: str, model, pairs) -> list[Row]:
    return [Row(record, field_label(name, model), value_text(name, before),
                value_text(name, after)) for name, before, after in pairs]


def proposal_rows(proposal: ChangeProposal) -> list[Row]:
    """What the proposal would change: each field's value now and the one proposed."""
    structure = proposal.structure
    changes = proposal.changes or {}
    services = {str(s.pk): s for s in structure.services.all()}
    with vocabularies_cached():
        rows = _rows(f"Structure « {structure.nom} »", Structure,
                     [(name, getattr(structure, name, None), after)
                      for name, after in (changes.get("structure") or {}).items()])
        for key, values in (changes.get("services") or {}).items():
            service = services.get(str(key))
            title = f"Service « {service.nom} »" if service else f"Service n° {key} (supprimé)"
            rows += _rows(title, Service, [(name, getattr(service, name, None), after)
                                           for name, after in values.items()])
    return rows


@dataclass
class Entry:
    """One change of the history, in plain words."""

    change: ChangeRecord
    record: str
    via: str
    by: str
    rows: list[Row]


def history_entries(records) -> list[Entry]:
    entries = []
    with vocabularies_cached():
        for change in records:
            model, record = Structure, f"Structure « {change.structure.nom} »"
            if change.service_id:
                model, record = Service, f"Service « {change.service.nom} »"
            by = (change.by.get_full_name() or change.by.get_username()) if change.by else ""
            if not by and change.via == ChangeVia.IMPORT:
                by = "import"
            entries.append(Entry(change, record, change.get_via_display(),
                                 by or "—",
                                 _rows(record, model, [(name, pair[0], pair[1]) for name, pair
                                                       in (change.changes or {}).items()])))
    return entries
